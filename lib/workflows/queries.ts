// Workflow reads and writes. Every function takes the actor (lib/workspaces/access.ts) and filters
// by its workspaces and role: a workflow outside them behaves exactly like one that does not exist. `db` defaults to the
// process's database; tests and transactions pass their own.
import { and, desc, eq, sql } from "drizzle-orm";
import { getDb, type DbOrTx } from "@/lib/db/client";
import { workflows } from "@/lib/db/schema";
import { allowedIn, requireCapability, type Actor } from "@/lib/workspaces/access";
import { WORKFLOW_NAME_MAX } from "./names";
import { whyNotWritten, type WriteOutcome } from "./save-definition";
import { starterDefinition } from "./starter-definition";

export type WorkflowSummary = { id: string; name: string; createdAt: Date; updatedAt: Date };
/** `revision`: what a save of this definition must name as its base (see save-definition.ts). */
export type WorkflowDetail = WorkflowSummary & { workspaceId: string; definition: unknown; revision: number };

const summary = {
  id: workflows.id,
  name: workflows.name,
  createdAt: workflows.createdAt,
  updatedAt: workflows.updatedAt,
};

/** The workflows of one workspace. */
export async function listWorkflows(actor: Actor, workspaceId: string, db?: DbOrTx): Promise<WorkflowSummary[]> {
  db ??= (await getDb()).db;
  return db
    .select(summary)
    .from(workflows)
    .where(and(eq(workflows.workspaceId, workspaceId), allowedIn(actor, workflows.workspaceId, "view")))
    .orderBy(desc(workflows.updatedAt), desc(workflows.createdAt));
}

export async function getWorkflow(actor: Actor, id: string, db?: DbOrTx): Promise<WorkflowDetail | null> {
  db ??= (await getDb()).db;
  const [row] = await db
    .select({ ...summary, workspaceId: workflows.workspaceId, definition: workflows.definition, revision: workflows.revision })
    .from(workflows)
    .where(and(eq(workflows.id, id), allowedIn(actor, workflows.workspaceId, "view")))
    .limit(1);
  return row ?? null;
}

/** A new workflow in the workspace (not_found / forbidden unless the actor may edit there). */
export async function createWorkflow(actor: Actor, workspaceId: string, name: string, db?: DbOrTx): Promise<WorkflowSummary> {
  return createWorkflowWithDefinition(actor, workspaceId, name, starterDefinition(name), db);
}

/** A new workflow with the given definition (its `name` set to the workflow's name). */
export async function createWorkflowWithDefinition(
  actor: Actor,
  workspaceId: string,
  name: string,
  definition: Record<string, unknown>,
  db?: DbOrTx,
): Promise<WorkflowSummary> {
  db ??= (await getDb()).db;
  await requireCapability(db, actor, workspaceId, "edit");
  const [row] = await db
    .insert(workflows)
    .values({ id: crypto.randomUUID(), ownerId: actor.userId, workspaceId, name, definition: { ...definition, name } })
    .returning(summary);
  return row;
}

/** "Copy of <name>", cut to fit the name column. */
export function copyName(name: string): string {
  return [...`Copy of ${name}`].slice(0, WORKFLOW_NAME_MAX).join("");
}

/** A copy of the workflow in its workspace (its draft definition; not its runs, versions or webhook secret); null when there is none. */
export async function duplicateWorkflow(actor: Actor, id: string, db?: DbOrTx): Promise<WorkflowSummary | null> {
  db ??= (await getDb()).db;
  const original = await getWorkflow(actor, id, db);
  if (!original) return null;
  const definition = original.definition && typeof original.definition === "object" ? (original.definition as Record<string, unknown>) : {};
  return createWorkflowWithDefinition(actor, original.workspaceId, copyName(original.name), definition, db);
}

/**
 * Renames the workflow and the name inside its definition, as a new revision (an editor open on
 * the old one is told its next save conflicts). With `baseRevision`, only if nothing was written since.
 */
export async function renameWorkflow(
  actor: Actor,
  id: string,
  name: string,
  db?: DbOrTx,
  options: { baseRevision?: number } = {},
): Promise<WriteOutcome> {
  db ??= (await getDb()).db;
  const base = options.baseRevision;
  const [row] = await db
    .update(workflows)
    .set({
      name,
      definition: sql`jsonb_set(${workflows.definition}, '{name}', to_jsonb(${name}::text))`,
      revision: sql`${workflows.revision} + 1`,
      updatedAt: new Date(),
    })
    .where(and(eq(workflows.id, id), allowedIn(actor, workflows.workspaceId, "edit"), base === undefined ? undefined : eq(workflows.revision, base)))
    .returning({ revision: workflows.revision });
  return row ? { ok: true, revision: row.revision } : whyNotWritten(db, actor, id);
}

export type DeleteOutcome = { ok: true; name: string; workspaceId: string } | { ok: false; reason: "gone" } | { ok: false; reason: "forbidden"; message: string };

/** Deletes the workflow when the actor may edit it; else why not (gone, or forbidden with the reason). */
export async function deleteWorkflow(actor: Actor, id: string, db?: DbOrTx): Promise<DeleteOutcome> {
  db ??= (await getDb()).db;
  const [row] = await db
    .delete(workflows)
    .where(and(eq(workflows.id, id), allowedIn(actor, workflows.workspaceId, "edit")))
    .returning({ name: workflows.name, workspaceId: workflows.workspaceId });
  if (row) return { ok: true, ...row };
  const why = await whyNotWritten(db, actor, id);
  return why.ok === false && why.reason === "forbidden" ? why : { ok: false, reason: "gone" };
}
