import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { and, eq } from "drizzle-orm";
import { requireUser } from "@/lib/auth/session";
import { allowedIn, memberRole } from "@/lib/workspaces/access";
import { can } from "@/lib/workspaces/roles";
import { getDb } from "@/lib/db/client";
import { runs, workflows, workflowVersions, workspaces } from "@/lib/db/schema";
import { coreHandlers } from "@/lib/engine/handlers";
import { buildCatalog, type Catalog } from "@/lib/workflows/catalog";
import { savedDefinitionSchema } from "@/lib/workflows/definition-schema";
import type { WorkflowDefinition } from "@/lib/workflows/definition-types";
import { RunScreen } from "./run-screen";

type Props = { params: Promise<{ id: string }> };

// A run outside the user's workspaces and a missing one look the same: 404.
const loadRun = cache(async (id: string) => {
  const user = await requireUser();
  if (!/^run_[A-Za-z0-9_-]{1,80}$/.test(id)) return null;
  const { db } = await getDb();
  const [row] = await db
    .select({ role: memberRole({ userId: user.id }, runs.workspaceId), workspaceSlug: workspaces.slug, id: runs.id, status: runs.status, runtime: runs.runtime, workflowId: runs.workflowId, workflowName: workflows.name, definition: workflowVersions.definition, parentRunId: runs.parentRunId, parentNodeId: runs.parentNodeId })
    .from(runs)
    .innerJoin(workflowVersions, eq(workflowVersions.id, runs.versionId))
    .leftJoin(workflows, eq(workflows.id, runs.workflowId))
    .leftJoin(workspaces, eq(workspaces.id, runs.workspaceId))
    .where(and(eq(runs.id, id), allowedIn({ userId: user.id }, runs.workspaceId, "view")))
    .limit(1);
  return row ?? null;
});

let catalog: Catalog | undefined;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const run = await loadRun((await params).id);
  return { title: run ? `Run ${run.id}` : "Run not found" };
}

export default async function RunPage({ params }: Props) {
  const run = await loadRun((await params).id);
  if (!run) notFound();
  catalog ??= buildCatalog(coreHandlers);
  const parsed = savedDefinitionSchema.safeParse(run.definition);
  const definition = (parsed.success ? parsed.data : { version: 1, nodes: [], edges: [] }) as WorkflowDefinition;
  return (
    <div className="fixed inset-x-0 bottom-0 top-[57px] z-10 flex flex-col bg-zinc-50">
      <RunScreen
        runId={run.id}
        status={run.status}
        runtime={run.runtime}
        workflowId={run.workflowId}
        workflowName={run.workflowName ?? (typeof definition.name === "string" ? definition.name : "Workflow")}
        definition={definition}
        catalog={catalog}
        parent={run.parentRunId ? { runId: run.parentRunId, nodeId: run.parentNodeId } : null}
        workspace={run.workspaceSlug ?? undefined}
        canRun={run.role !== null && can(run.role, "run")}
        canShare={run.role !== null && can(run.role, "edit")}
      />
    </div>
  );
}
