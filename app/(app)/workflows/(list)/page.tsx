import type { Metadata } from "next";
import { CreateWorkflowForm } from "@/components/workflows/create-workflow-form";
import { WorkflowsEmptyState } from "@/components/workflows/empty-state";
import { WorkflowRow } from "@/components/workflows/workflow-row";
import { requireUser } from "@/lib/auth/session";
import { listWorkflows } from "@/lib/workflows/queries";
import { relativeTime } from "@/lib/workflows/relative-time";
import { createWorkflowAction, deleteWorkflowAction, renameWorkflowAction } from "../actions";

export const metadata: Metadata = { title: "Workflows" };

export default async function WorkflowsPage() {
  const user = await requireUser();
  const workflows = await listWorkflows(user.id);
  const now = new Date();
  return (
    <div className="space-y-6">
      <div className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Workflows</h1>
          <p className="mt-1 text-sm text-zinc-600">
            {workflows.length === 0
              ? "Automations you build live here."
              : `${workflows.length} workflow${workflows.length === 1 ? "" : "s"}`}
          </p>
        </div>
        <CreateWorkflowForm action={createWorkflowAction} />
      </div>
      {workflows.length === 0 ? (
        <WorkflowsEmptyState />
      ) : (
        <ul
          aria-label="Your workflows"
          className="divide-y divide-zinc-100 overflow-hidden rounded-2xl border border-zinc-200 bg-white shadow-xs"
        >
          {workflows.map((workflow) => (
            <WorkflowRow
              key={workflow.id}
              workflow={{ id: workflow.id, name: workflow.name, updatedLabel: relativeTime(workflow.updatedAt, now) }}
              renameAction={renameWorkflowAction}
              deleteAction={deleteWorkflowAction}
            />
          ))}
        </ul>
      )}
    </div>
  );
}
