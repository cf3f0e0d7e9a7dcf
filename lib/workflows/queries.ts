// Workflow reads and writes. Every function takes the owner's id and filters by it: a workflow
// that belongs to someone else behaves exactly like one that does not exist. `db` defaults to the
// process's database; tests and transactions pass their own.
import { and, desc, eq, sql } from "drizzle-orm";
import { getDb, type DbOrTx } from "@/lib/db/client";
import { workflows } from "@/lib/db/schema";
import { WORKFLOW_NAME_MAX } from "./names";
import { whyNotWritten, type WriteOutcome } from "./save-definition";
import { starterDefinition } from "./starter-definition";

export type WorkflowSummary = { id: string; name: string; createdAt: Date; updatedAt: Date };
/** `revision`: what a save of this definition must name as its base (see save-definition.ts). */
export type WorkflowDetail = WorkflowSummary & { definition: unknown; revision: number };

const summary = {
  id: workflows.id,
  name: workflows.name,
  createdAt: workflows.createdAt,
  updatedAt: workflows.updatedAt,
};

export async function listWorkflows(ownerId: string, db?: DbOrTx): Promise<WorkflowSummary[]> {
  db ??= (await getDb()).db;
  return db
    .select(summary)
    .from(workflows)
    .where(eq(workflows.ownerId, ownerId))
    .orderBy(desc(workflows.updatedAt), desc(workflows.createdAt));
}

export async function getWorkflow(ownerId: string, id: string, db?: DbOrTx): Promise<WorkflowDetail | null> {
  db ??= (await getDb()).db;
  const [row] = await db
    .select({ ...summary, definition: workflows.definition, revision: workflows.revision })
    .from(workflows)
    .where(and(eq(workflows.id, id), eq(workflows.ownerId, ownerId)))
    .limit(1);
  return row ?? null;
}

export async function createWorkflow(ownerId: string, name: string, db?: DbOrTx): Promise<WorkflowSummary> {
  db ??= (await getDb()).db;
  const [row] = await db
    .insert(workflows)
    .values({ id: crypto.randomUUID(), ownerId, name, definition: starterDefinition(name) })
    .returning(summary);
  return row;
}

/** A new workflow with the given definition (its `name` set to the workflow's name). */
export async function createWorkflowWithDefinition(
  ownerId: string,
  name: string,
  definition: Record<string, unknown>,
  db?: DbOrTx,
): Promise<WorkflowSummary> {
  db ??= (await getDb()).db;
  const [row] = await db
    .insert(workflows)
    .values({ id: crypto.randomUUID(), ownerId, name, definition: { ...definition, name } })
    .returning(summary);
  return row;
}

/** "Copy of <name>", cut to fit the name column. */
export function copyName(name: string): string {
  return [...`Copy of ${name}`].slice(0, WORKFLOW_NAME_MAX).join("");
}

/** A copy of the owner's workflow (its draft definition; not its runs, versions or webhook secret); null when there is none. */
export async function duplicateWorkflow(ownerId: string, id: string, db?: DbOrTx): Promise<WorkflowSummary | null> {
  db ??= (await getDb()).db;
  const original = await getWorkflow(ownerId, id, db);
  if (!original) return null;
  const definition = original.definition && typeof original.definition === "object" ? (original.definition as Record<string, unknown>) : {};
  return createWorkflowWithDefinition(ownerId, copyName(original.name), definition, db);
}

/**
 * Renames the workflow and the name inside its definition, as a new revision (an editor open on
 * the old one is told its next save conflicts). With `baseRevision`, only if nothing was written since.
 */
export async function renameWorkflow(
  ownerId: string,
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
    .where(and(eq(workflows.id, id), eq(workflows.ownerId, ownerId), base === undefined ? undefined : eq(workflows.revision, base)))
    .returning({ revision: workflows.revision });
  return row ? { ok: true, revision: row.revision } : whyNotWritten(db, ownerId, id);
}

/** The deleted workflow's name; null when the owner has no such workflow. */
export async function deleteWorkflow(ownerId: string, id: string, db?: DbOrTx): Promise<{ name: string } | null> {
  db ??= (await getDb()).db;
  const [row] = await db
    .delete(workflows)
    .where(and(eq(workflows.id, id), eq(workflows.ownerId, ownerId)))
    .returning({ name: workflows.name });
  return row ?? null;
}
