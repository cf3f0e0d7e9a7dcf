"use client";

import { ChevronRight, Copy, Pencil, Trash2, Workflow } from "lucide-react";
import Link from "next/link";
import { useActionState, useState } from "react";
import type { ActionState } from "@/lib/auth/action";
import { Button } from "@/components/ui/button";
import { inputClasses } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { RunStatusPill } from "@/components/runs/run-status";

type Action = (state: ActionState, formData: FormData) => Promise<ActionState>;

type Props = {
  workflow: {
    id: string;
    name: string;
    updatedLabel: string;
    runCount: number;
    lastRun: { id: string; status: string; startedLabel: string } | null;
  };
  renameAction: Action;
  deleteAction: Action;
  duplicateAction: Action;
  /** The viewer's role may edit (rename, duplicate, delete); otherwise the row only links. */
  editable: boolean;
};

type Mode = "view" | "rename" | "confirm-delete";

/** A row of the workflows list: name, last run and run count, rename, duplicate, delete. */
export function WorkflowOverviewRow({ workflow, renameAction, deleteAction, duplicateAction, editable }: Props) {
  const [mode, setMode] = useState<Mode>("view");
  const [renameState, rename] = useActionState(async (previous: ActionState, formData: FormData) => {
    const next = await renameAction(previous, formData);
    if (next.ok) setMode("view");
    return next;
  }, {});
  const [deleteState, remove] = useActionState(deleteAction, {});
  const [duplicateState, duplicate] = useActionState(duplicateAction, {});
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
      <div className="hidden shrink-0 items-center gap-3 text-xs text-zinc-500 md:flex" data-testid="workflow-run-summary">
        {workflow.lastRun ? (
          <Link
            href={`/runs/${workflow.lastRun.id}`}
            className="relative z-10 flex items-center gap-2 rounded hover:text-zinc-800"
            aria-label={`Last run of ${workflow.name}: ${workflow.lastRun.status}, ${workflow.lastRun.startedLabel}`}
          >
            <RunStatusPill status={workflow.lastRun.status} small />
            <span>{workflow.lastRun.startedLabel}</span>
          </Link>
        ) : (
          <span className="text-zinc-400">Never run</span>
        )}
        <Link
          href={`/runs?workflow=${encodeURIComponent(workflow.id)}`}
          className="min-w-16 rounded text-right tabular-nums hover:text-indigo-600"
          data-testid="workflow-run-count"
        >
          {workflow.runCount} run{workflow.runCount === 1 ? "" : "s"}
        </Link>
      </div>
      {!editable ? null : mode === "confirm-delete" ? (
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
            <span className="hidden lg:inline">Rename</span>
          </Button>
          <form action={duplicate} aria-label={`Duplicate ${workflow.name}`}>
            <input type="hidden" name="id" value={workflow.id} />
            <SubmitButton size="sm" variant="ghost" pendingLabel="Copying…" aria-label={`Duplicate ${workflow.name}`}>
              <Copy aria-hidden className="size-4" />
              <span className="hidden lg:inline">Duplicate</span>
            </SubmitButton>
          </form>
          <Button
            size="sm"
            variant="ghost"
            aria-label={`Delete ${workflow.name}`}
            className="hover:bg-red-50 hover:text-red-700"
            onClick={() => setMode("confirm-delete")}
          >
            <Trash2 aria-hidden className="size-4" />
            <span className="hidden lg:inline">Delete</span>
          </Button>
          <ChevronRight aria-hidden className="ml-1 size-4 text-zinc-300 group-hover:text-zinc-400" />
        </div>
      )}
      {(deleteState.error ?? duplicateState.error) && (
        <p role="alert" className="absolute right-5 bottom-0.5 text-xs text-red-600">
          {deleteState.error ?? duplicateState.error}
        </p>
      )}
    </li>
  );
}
