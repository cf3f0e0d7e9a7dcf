import { Workflow } from "lucide-react";

export function WorkflowsEmptyState() {
  return (
    <div className="rounded-2xl border border-dashed border-zinc-300 bg-white px-6 py-16 text-center">
      <span className="mx-auto flex size-12 items-center justify-center rounded-xl bg-indigo-50 text-indigo-600 ring-1 ring-indigo-100">
        <Workflow aria-hidden className="size-6" />
      </span>
      <h2 className="mt-4 text-base font-semibold text-zinc-900">No workflows yet</h2>
      <p className="mx-auto mt-1 max-w-sm text-sm text-zinc-600">
        Name your first workflow above to get started. Each one begins with a manual trigger you can build on.
      </p>
    </div>
  );
}
