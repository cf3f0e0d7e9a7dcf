"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/auth/action";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

type Props = { action: (state: ActionState, formData: FormData) => Promise<ActionState> };

/** Current password, new one twice. Nothing is filled back in after an error (passwords never come back). */
export function PasswordForm({ action }: Props) {
  const [state, formAction] = useActionState(action, {});
  const errors = state.error ? (state.fieldErrors ?? {}) : {};
  return (
    <form action={formAction} noValidate aria-label="Change password" className="max-w-sm space-y-4">
      <Field name="currentPassword" label="Current password" type="password" autoComplete="current-password" error={errors.currentPassword} />
      <Field name="newPassword" label="New password" type="password" autoComplete="new-password" hint="At least 8 characters." error={errors.newPassword} />
      <Field name="confirmPassword" label="New password again" type="password" autoComplete="new-password" error={errors.confirmPassword} />
      {state.error && !Object.keys(errors).length ? <Alert>{state.error}</Alert> : null}
      {state.ok && state.message ? <Alert tone="success">{state.message}</Alert> : null}
      <SubmitButton pendingLabel="Changing…">Change password</SubmitButton>
    </form>
  );
}
