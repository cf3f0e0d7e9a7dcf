"use client";

import { Plus } from "lucide-react";
import { useActionState } from "react";
import type { ActionState } from "@/lib/auth/action";
import { inputClasses } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

type Props = { action: (state: ActionState, formData: FormData) => Promise<ActionState>; workspaceId: string };

export function CreateWorkflowForm({ action, workspaceId }: Props) {
  const [state, formAction] = useActionState(action, {});
  const error = state.fieldErrors?.name ?? state.error;
  return (
    <form action={formAction} noValidate aria-label="Create workflow" className="w-full sm:w-auto">
      <input type="hidden" name="workspace" value={workspaceId} />
      <div className="flex gap-2">
        <label htmlFor="new-workflow-name" className="sr-only">
          New workflow name
        </label>
        <input
          id="new-workflow-name"
          name="name"
          placeholder="Name a new workflow"
          autoComplete="off"
          required
          defaultValue={error ? state.values?.name : ""}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "new-workflow-error" : undefined}
          className={`${inputClasses} sm:w-72`}
        />
        <SubmitButton pendingLabel="Creating…">
          <Plus aria-hidden className="size-4" />
          New workflow
        </SubmitButton>
      </div>
      <p aria-live="polite" className="min-h-5 pt-1.5 text-sm">
        {error ? (
          <span id="new-workflow-error" role="alert" className="text-red-600">
            {error}
          </span>
        ) : state.ok && state.message ? (
          <span className="text-emerald-700">{state.message}</span>
        ) : null}
      </p>
    </form>
  );
}
