"use client";

import { ChevronRight, Pencil, Trash2, Workflow } from "lucide-react";
import Link from "next/link";
import { useActionState, useState } from "react";
import type { ActionState } from "@/lib/auth/action";
import { Button } from "@/components/ui/button";
import { inputClasses } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

type Action = (state: ActionState, formData: FormData) => Promise<ActionState>;

type Props = {
  workflow: { id: string; name: string; updatedLabel: string };
  renameAction: Action;
  deleteAction: Action;
};

type Mode = "view" | "rename" | "confirm-delete";

export function WorkflowRow({ workflow, renameAction, deleteAction }: Props) {
  const [mode, setMode] = useState<Mode>("view");
  const [renameState, rename] = useActionState(async (previous: ActionState, formData: FormData) => {
    const next = await renameAction(previous, formData);
    if (next.ok) setMode("view");
    return next;
  }, {});
  const [deleteState, remove] = useActionState(deleteAction, {});
  const renameError = renameState.fieldErrors?.name ?? renameState.error;

  if (mode === "rename") {
    return (
      <li className="px-4 py-3 sm:px-5">
        <form
          action={rename}
          noValidate
          aria-label={`Rename ${workflow.name}`}
          onKeyDown={(event) => event.key === "Escape" && setMode("view")}
        >
          <input type="hidden" name="id" value={workflow.id} />
          <div className="flex flex-wrap items-center gap-2">
            <label htmlFor={`rename-${workflow.id}`} className="sr-only">
              New name for {workflow.name}
            </label>
            <input
              id={`rename-${workflow.id}`}
              name="name"
              autoFocus
              autoComplete="off"
              defaultValue={renameError ? renameState.values?.name : workflow.name}
              onFocus={(event) => event.currentTarget.select()}
              aria-invalid={renameError ? true : undefined}
              aria-describedby={renameError ? `rename-${workflow.id}-error` : undefined}
              className={`${inputClasses} min-w-0 flex-1`}
            />
            <SubmitButton size="sm" pendingLabel="Saving…">
              Save
            </SubmitButton>
            <Button size="sm" variant="ghost" onClick={() => setMode("view")}>
              Cancel
            </Button>
          </div>
          {renameError && (
            <p id={`rename-${workflow.id}-error`} role="alert" className="mt-1.5 text-sm text-red-600">
              {renameError}
            </p>
          )}
        </form>
      </li>
    );
  }

  return (
    <li className="group relative flex items-center gap-4 px-4 py-3.5 hover:bg-zinc-50 sm:px-5" data-testid="workflow-row">
      <span
        aria-hidden
        className="flex size-9 shrink-0 items-center justify-center rounded-lg bg-indigo-50 text-indigo-600 ring-1 ring-indigo-100"
      >
        <Workflow className="size-4.5" />
      </span>
      <div className="min-w-0 flex-1">
        <Link
          href={`/workflows/${workflow.id}`}
          className="block truncate rounded font-medium text-zinc-900 hover:text-indigo-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
        >
          {workflow.name}
        </Link>
        <p className="mt-0.5 text-xs text-zinc-500">Updated {workflow.updatedLabel}</p>
      </div>
      {mode === "confirm-delete" ? (
        <form action={remove} className="flex items-center gap-2" aria-label={`Delete ${workflow.name}`}>
          <input type="hidden" name="id" value={workflow.id} />
          <span className="hidden text-sm text-zinc-600 md:inline">Delete for good?</span>
          <SubmitButton size="sm" variant="danger" pendingLabel="Deleting…" aria-label={`Confirm delete ${workflow.name}`}>
            Delete
          </SubmitButton>
          <Button size="sm" variant="ghost" onClick={() => setMode("view")} autoFocus>
            Cancel
          </Button>
        </form>
      ) : (
        <div className="flex items-center gap-1">
          <Button size="sm" variant="ghost" aria-label={`Rename ${workflow.name}`} onClick={() => setMode("rename")}>
            <Pencil aria-hidden className="size-4" />
            <span className="hidden sm:inline">Rename</span>
          </Button>
          <Button
            size="sm"
            variant="ghost"
            aria-label={`Delete ${workflow.name}`}
            className="hover:bg-red-50 hover:text-red-700"
            onClick={() => setMode("confirm-delete")}
          >
            <Trash2 aria-hidden className="size-4" />
            <span className="hidden sm:inline">Delete</span>
          </Button>
          <ChevronRight aria-hidden className="ml-1 size-4 text-zinc-300 group-hover:text-zinc-400" />
        </div>
      )}
      {deleteState.error && (
        <p role="alert" className="absolute right-5 bottom-0.5 text-xs text-red-600">
          {deleteState.error}
        </p>
      )}
    </li>
  );
}
