// A workflow's saved versions (the immutable workflow_versions rows runs point at), for the editor's
// history panel. Workspace-scoped like every workflow query: one outside the actor's workspaces reads as missing (null).
import { and, count, desc, eq, max } from "drizzle-orm";
import { getDb, type DbOrTx } from "@/lib/db/client";
import { runs, workflowVersions, workflows } from "@/lib/db/schema";
import { findVersionOrCreate } from "@/lib/runs/store";
import { allowedIn, type Actor } from "@/lib/workspaces/access";
import type { WorkflowDefinition } from "./definition-types";
import { saveWorkflowDefinition, type WriteOutcome } from "./save-definition";

export type VersionSummary = { id: string; version: number; createdAt: Date; runCount: number };

/** How many versions the panel lists (newest first). */
export const VERSION_LIST_LIMIT = 100;

async function sees(db: DbOrTx, actor: Actor, workflowId: string): Promise<boolean> {
  const [row] = await db.select({ id: workflows.id }).from(workflows).where(and(eq(workflows.id, workflowId), allowedIn(actor, workflows.workspaceId, "view"))).limit(1);
  return Boolean(row);
}

/** The workflow's versions, newest first, each with how many runs used it; null: no such workflow the actor can see. */
export async function listWorkflowVersions(actor: Actor, workflowId: string, db?: DbOrTx): Promise<VersionSummary[] | null> {
  db ??= (await getDb()).db;
  if (!(await sees(db, actor, workflowId))) return null;
  return db
    .select({ id: workflowVersions.id, version: workflowVersions.version, createdAt: workflowVersions.createdAt, runCount: count(runs.id) })
    .from(workflowVersions)
    .leftJoin(runs, eq(runs.versionId, workflowVersions.id))
    .where(eq(workflowVersions.workflowId, workflowId))
    .groupBy(workflowVersions.id, workflowVersions.version, workflowVersions.createdAt)
    .orderBy(desc(workflowVersions.version))
    .limit(VERSION_LIST_LIMIT);
}

/** One version's definition; null when the version isn't one of a workflow the actor can see. */
export async function getWorkflowVersion(actor: Actor, workflowId: string, versionId: string, db?: DbOrTx): Promise<{ version: number; definition: unknown } | null> {
  db ??= (await getDb()).db;
  const [row] = await db
    .select({ version: workflowVersions.version, definition: workflowVersions.definition })
    .from(workflowVersions)
    .innerJoin(workflows, eq(workflows.id, workflowVersions.workflowId))
    .where(and(eq(workflowVersions.id, versionId), eq(workflowVersions.workflowId, workflowId), allowedIn(actor, workflows.workspaceId, "view")))
    .limit(1);
  return row ?? null;
}

/**
 * A checkpoint: stores `definition` as the draft (based on `baseRevision`, like every save), then
 * as a version, the way a run does (the latest version is reused when nothing changed since).
 */
export async function saveWorkflowVersion(
  actor: Actor,
  workflowId: string,
  definition: WorkflowDefinition,
  baseRevision: number,
  db?: DbOrTx,
): Promise<{ ok: true; id: string; version: number; created: boolean; revision: number } | Exclude<WriteOutcome, { ok: true }>> {
  db ??= (await getDb()).db;
  const saved = await saveWorkflowDefinition(actor, workflowId, definition, baseRevision, db);
  if (!saved.ok) return saved;
  const [before] = await db.select({ v: max(workflowVersions.version) }).from(workflowVersions).where(eq(workflowVersions.workflowId, workflowId));
  const row = await findVersionOrCreate(db, { workflowId, definition });
  return { ok: true, id: row.id, version: row.version, created: row.version > (before?.v ?? 0), revision: saved.revision };
}
