"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/auth/action";
import { inputClasses } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

/** `workspaceId`: where the secret goes (the action never guesses it from the session). */
type Props = { action: (state: ActionState, formData: FormData) => Promise<ActionState>; workspaceId: string };

/** Adds a secret or replaces its value. The value field is never filled back in. */
export function SecretForm({ action, workspaceId }: Props) {
  const [state, formAction] = useActionState(action, {});
  const nameError = state.fieldErrors?.name;
  const valueError = state.fieldErrors?.value;
  return (
    <form action={formAction} noValidate aria-label="Save secret" className="space-y-2">
      <input type="hidden" name="workspace" value={workspaceId} />
      <div className="flex flex-col gap-2 sm:flex-row">
        <div className="sm:w-64">
          <label htmlFor="secret-name" className="sr-only">
            Name
          </label>
          <input id="secret-name" name="name" placeholder="NAME (e.g. GITHUB_TOKEN)" autoComplete="off" defaultValue={state.error ? state.values?.name : ""} aria-invalid={nameError ? true : undefined} className={`${inputClasses} font-mono`} />
        </div>
        <div className="flex-1">
          <label htmlFor="secret-value" className="sr-only">
            Value
          </label>
          <input id="secret-value" name="value" type="password" placeholder="Value" autoComplete="new-password" aria-invalid={valueError ? true : undefined} className={inputClasses} />
        </div>
        <SubmitButton pendingLabel="Saving…">Save secret</SubmitButton>
      </div>
      <p aria-live="polite" className="min-h-5 text-sm">
        {state.error ? (
          <span role="alert" className="text-red-600">
            {nameError ? `Name: ${nameError}` : valueError ? `Value: ${valueError}` : state.error}
          </span>
        ) : state.ok && state.message ? (
          <>
            <span className="text-emerald-700">{state.message}</span>
            {state.warning ? <span className="ml-1 text-amber-700">{state.warning}</span> : null}
          </>
        ) : null}
      </p>
    </form>
  );
}
