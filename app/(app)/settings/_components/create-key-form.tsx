"use client";

import { KeyRound } from "lucide-react";
import { useActionState } from "react";
import { inputClasses } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { ROLE_LABELS, notAbove, type WorkspaceRole } from "@/lib/workspaces/roles";
import type { ApiKeyState } from "../actions";

type Props = { action: (state: ApiKeyState, formData: FormData) => Promise<ApiKeyState>; myRole: WorkspaceRole; workspaceId: string };

const KEY_ROLES = ["admin", "editor", "runner", "viewer"] as const;

/** Creates a key and shows it once, right here; reloading the page forgets it. */
export function CreateKeyForm({ action, myRole, workspaceId }: Props) {
  const [state, formAction] = useActionState(action, {});
  const error = state.fieldErrors?.name ?? state.error;
  return (
    <div className="space-y-3">
      <form action={formAction} noValidate aria-label="Create API key" className="flex flex-col gap-2 sm:flex-row">
        <input type="hidden" name="workspace" value={workspaceId} />
        <label htmlFor="api-key-name" className="sr-only">
          Key name
        </label>
        <input
          id="api-key-name"
          name="name"
          placeholder="What is this key for? (e.g. CI deploys)"
          autoComplete="off"
          defaultValue={error ? state.values?.name : ""}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "api-key-error" : undefined}
          className={`${inputClasses} sm:w-80`}
        />
        <label htmlFor="api-key-role" className="sr-only">
          What the key may do
        </label>
        <select id="api-key-role" name="role" defaultValue={state.values?.role ?? "editor"} className={`${inputClasses} sm:w-40`}>
          {KEY_ROLES.filter((role) => notAbove(role, myRole)).map((role) => (
            <option key={role} value={role}>
              {ROLE_LABELS[role]}
            </option>
          ))}
        </select>
        <SubmitButton pendingLabel="Creating…">
          <KeyRound aria-hidden className="size-4" />
          Create key
        </SubmitButton>
      </form>
      {error ? (
        <p id="api-key-error" role="alert" className="text-sm text-red-600">
          {error}
        </p>
      ) : null}
      {state.key ? (
        <div role="status" className="rounded-xl border border-emerald-200 bg-emerald-50 p-4">
          <p className="text-sm font-medium text-emerald-900">{state.message}</p>
          <code data-testid="new-api-key" className="mt-2 block overflow-x-auto rounded-lg bg-white px-3 py-2 font-mono text-sm text-zinc-900 ring-1 ring-emerald-200 select-all">
            {state.key}
          </code>
          <p className="mt-2 text-xs text-emerald-800">Send it as <code>Authorization: Bearer &lt;key&gt;</code>.</p>
        </div>
      ) : null}
    </div>
  );
}
