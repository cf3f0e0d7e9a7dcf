"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/auth/action";
import { SubmitButton } from "@/components/ui/submit-button";

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  id: string;
  label: string;
  pendingLabel: string;
  confirm: string;
  /** The workspace the row belongs to. */
  workspaceId: string;
};

/** One destructive button per row (revoke, delete), with its outcome read out. */
export function RowAction({ action, id, label, pendingLabel, confirm, workspaceId }: Props) {
  const [state, formAction] = useActionState(action, {});
  return (
    <form
      action={formAction}
      onSubmit={(event) => {
        if (!window.confirm(confirm)) event.preventDefault();
      }}
      className="flex items-center gap-2"
    >
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="workspace" value={workspaceId} />
      {state.error ? (
        <span role="alert" className="text-xs text-red-600">
          {state.error}
        </span>
      ) : null}
      <SubmitButton variant="secondary" size="sm" pendingLabel={pendingLabel}>
        {label}
      </SubmitButton>
    </form>
  );
}
