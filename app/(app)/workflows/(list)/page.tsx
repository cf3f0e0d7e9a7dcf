import type { Metadata } from "next";
import Link from "next/link";
import { Search } from "lucide-react";
import { CreateWorkflowForm } from "@/components/workflows/create-workflow-form";
import { ImportWorkflowForm } from "@/components/workflows/import-workflow-form";
import { NewFromTemplate } from "@/components/workflows/new-from-template";
import { TemplateGallery } from "@/components/workflows/template-gallery";
import { WorkflowOverviewRow } from "@/components/workflows/workflow-overview-row";
import { inputClasses } from "@/components/ui/field";
import { listWorkflowOverviews, workflowSearchSchema } from "@/lib/workflows/overview";
import { listWorkflows } from "@/lib/workflows/queries";
import { relativeTime } from "@/lib/workflows/relative-time";
import { listTemplates } from "@/lib/workflows/templates";
import { currentWorkspace } from "@/lib/workspaces/current";
import { can } from "@/lib/workspaces/roles";
import { createWorkflowAction, deleteWorkflowAction, renameWorkflowAction } from "../actions";
import { createFromTemplateAction, duplicateWorkflowAction, importWorkflowAction } from "./actions";

export const metadata: Metadata = { title: "Workflows" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function WorkflowsPage({ searchParams }: Props) {
  const { user, workspace, href } = await currentWorkspace();
  const actor = { userId: user.id };
  const canEdit = can(workspace.role, "edit");
  const { q } = workflowSearchSchema.parse(await searchParams);
  const workflows = await listWorkflowOverviews(actor, workspace.id, { search: q });
  const hasAny = q ? (await listWorkflows(actor, workspace.id)).length > 0 : workflows.length > 0;
  const templates = listTemplates();
  const now = new Date();
  return (
    <div className="space-y-6">
      <div className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Workflows</h1>
          <p className="mt-1 text-sm text-zinc-600">
            {!hasAny ? "Automations you build live here." : `${workflows.length} workflow${workflows.length === 1 ? "" : "s"}${q ? ` matching “${q}”` : ""}`}
            {hasAny && (
              <>
                <span aria-hidden> · </span>
                <Link href={href("/runs")} className="font-medium text-indigo-600 hover:text-indigo-500">
                  All runs
                </Link>
              </>
            )}
          </p>
        </div>
        {canEdit && <CreateWorkflowForm action={createWorkflowAction} workspaceId={workspace.id} />}
      </div>
      {!hasAny ? (
        <div className="space-y-6">
          <div className="flex flex-col gap-4 rounded-2xl border border-dashed border-zinc-300 bg-white px-6 py-6 sm:flex-row sm:items-center sm:justify-between">
            <div>
              <h2 className="text-base font-semibold text-zinc-900">No workflows yet</h2>
              <p className="mt-1 max-w-xl text-sm text-zinc-600">
                {canEdit
                  ? "Pick a template below to get a runnable workflow in one click, name an empty one above, or import a definition file."
                  : `Your role here (${workspace.role}) can't create workflows; an editor of ${workspace.name} can.`}
              </p>
            </div>
            {canEdit && (
              <div className="flex flex-wrap gap-2">
                <ImportWorkflowForm action={importWorkflowAction} />
              </div>
            )}
          </div>
          {canEdit && <TemplateGallery templates={templates} action={createFromTemplateAction} />}
        </div>
      ) : (
        <>
          <div className="flex flex-wrap items-center gap-2">
            <form role="search" action={href("/workflows")} className="relative mr-auto w-full sm:w-72">
              <label htmlFor="workflow-search" className="sr-only">
                Search workflows by name
              </label>
              <Search aria-hidden className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-zinc-400" />
              <input id="workflow-search" name="q" type="search" defaultValue={q ?? ""} placeholder="Search by name" className={`${inputClasses} pl-9`} />
            </form>
            {canEdit && (
              <>
                <NewFromTemplate>
                  <TemplateGallery templates={templates} action={createFromTemplateAction} heading="New from template" />
                </NewFromTemplate>
                <ImportWorkflowForm action={importWorkflowAction} />
              </>
            )}
          </div>
          {workflows.length === 0 ? (
            <p className="rounded-2xl border border-dashed border-zinc-300 bg-white px-6 py-10 text-center text-sm text-zinc-600">
              No workflow matches “{q}”. <Link href={href("/workflows")} className="font-medium text-indigo-600 hover:text-indigo-500">Show all</Link>
            </p>
          ) : (
            <ul aria-label="Your workflows" className="divide-y divide-zinc-100 overflow-hidden rounded-2xl border border-zinc-200 bg-white shadow-xs">
              {workflows.map((workflow) => (
                <WorkflowOverviewRow
                  key={workflow.id}
                  workflow={{
                    id: workflow.id,
                    name: workflow.name,
                    updatedLabel: relativeTime(workflow.updatedAt, now),
                    runCount: workflow.runCount,
                    lastRun: workflow.lastRun ? { id: workflow.lastRun.id, status: workflow.lastRun.status, startedLabel: relativeTime(workflow.lastRun.startedAt, now) } : null,
                  }}
                  renameAction={renameWorkflowAction}
                  deleteAction={deleteWorkflowAction}
                  duplicateAction={duplicateWorkflowAction}
                  editable={canEdit}
                />
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
