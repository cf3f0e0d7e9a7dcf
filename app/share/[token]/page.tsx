// /share/:token: a run's public, read-only page (canvas, statuses, timeline, outputs), live while
// the run goes on. The token names one run; unknown or switched-off tokens are 404. Never indexed.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { workflows, workflowVersions } from "@/lib/db/schema";
import { sharedRun } from "@/lib/approvals/share";
import { coreHandlers } from "@/lib/engine/handlers";
import { buildCatalog, type Catalog } from "@/lib/workflows/catalog";
import { savedDefinitionSchema } from "@/lib/workflows/definition-schema";
import type { WorkflowDefinition } from "@/lib/workflows/definition-types";
import { SharedRunScreen } from "./shared-run-screen";

type Props = { params: Promise<{ token: string }> };

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Shared run", robots: { index: false, follow: false }, referrer: "no-referrer" };

let catalog: Catalog | undefined;

export default async function SharePage({ params }: Props) {
  const { token } = await params;
  const { db } = await getDb();
  const run = await sharedRun(db, token);
  if (!run) notFound();
  const [version] = await db
    .select({ definition: workflowVersions.definition, name: workflows.name })
    .from(workflowVersions)
    .leftJoin(workflows, eq(workflows.id, workflowVersions.workflowId))
    .where(eq(workflowVersions.id, run.versionId));
  catalog ??= buildCatalog(coreHandlers);
  const parsed = savedDefinitionSchema.safeParse(version?.definition);
  const definition = (parsed.success ? parsed.data : { version: 1, nodes: [], edges: [] }) as WorkflowDefinition;
  const name = version?.name ?? (typeof definition.name === "string" ? definition.name : "Workflow");
  return <SharedRunScreen token={token} runId={run.id} status={run.status} workflowName={name} definition={definition} catalog={catalog} />;
}
