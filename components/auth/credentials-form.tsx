"use client";

import Link from "next/link";
import { useActionState } from "react";
import type { ActionState } from "@/lib/auth/action";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

type Mode = "sign-in" | "sign-up";

type Props = {
  mode: Mode;
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  callbackUrl?: string;
  /** A message from a redirect (e.g. an OAuth error), shown until the form is submitted. */
  initialError?: string | null;
};

const copy = {
  "sign-in": { submit: "Sign in", pending: "Signing in…", passwordHint: undefined, autocomplete: "current-password" },
  "sign-up": {
    submit: "Create account",
    pending: "Creating account…",
    passwordHint: "At least 8 characters.",
    autocomplete: "new-password",
  },
} as const;

export function CredentialsForm({ mode, action, callbackUrl, initialError }: Props) {
  const [state, formAction] = useActionState(action, initialError ? { error: initialError } : {});
  const text = copy[mode];
  const fieldErrors = state.fieldErrors ?? {};
  // A field's own message is shown under it; the banner is for what belongs to no single field.
  const banner = state.error && !Object.keys(fieldErrors).some((key) => key === "email" || key === "password");

  return (
    <form action={formAction} noValidate className="space-y-5" aria-label={text.submit}>
      {banner && <Alert>{state.error}</Alert>}
      {callbackUrl && <input type="hidden" name="callbackUrl" value={callbackUrl} />}
      <Field
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        inputMode="email"
        placeholder="you@company.com"
        required
        autoFocus
        defaultValue={state.values?.email ?? ""}
        error={fieldErrors.email}
      />
      <div>
        <Field
          name="password"
          label="Password"
          type="password"
          autoComplete={text.autocomplete}
          required
          minLength={mode === "sign-up" ? 8 : undefined}
          hint={text.passwordHint}
          error={fieldErrors.password}
        />
      </div>
      <SubmitButton className="w-full" pendingLabel={text.pending}>
        {text.submit}
      </SubmitButton>
      <p className="text-center text-sm text-zinc-600">
        {mode === "sign-in" ? "New to FlowMaestro? " : "Already have an account? "}
        <Link
          href={mode === "sign-in" ? "/sign-up" : "/sign-in"}
          className="rounded font-medium text-indigo-600 hover:text-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
        >
          {mode === "sign-in" ? "Create an account" : "Sign in"}
        </Link>
      </p>
    </form>
  );
}
