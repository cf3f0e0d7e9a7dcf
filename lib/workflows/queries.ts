// Workflow reads and writes. Every function takes the owner's id and filters by it: a workflow
// that belongs to someone else behaves exactly like one that does not exist. `db` defaults to the
// process's database; tests and transactions pass their own.
import { and, desc, eq, sql } from "drizzle-orm";
import { getDb, type DbOrTx } from "@/lib/db/client";
import { workflows } from "@/lib/db/schema";
import { starterDefinition } from "./starter-definition";

export type WorkflowSummary = { id: string; name: string; createdAt: Date; updatedAt: Date };
export type WorkflowDetail = WorkflowSummary & { definition: unknown };

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
    .select({ ...summary, definition: workflows.definition })
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

/** Renames the workflow and the name inside its definition. False when the owner has no such workflow. */
export async function renameWorkflow(ownerId: string, id: string, name: string, db?: DbOrTx): Promise<boolean> {
  db ??= (await getDb()).db;
  const rows = await db
    .update(workflows)
    .set({
      name,
      definition: sql`jsonb_set(${workflows.definition}, '{name}', to_jsonb(${name}::text))`,
      updatedAt: new Date(),
    })
    .where(and(eq(workflows.id, id), eq(workflows.ownerId, ownerId)))
    .returning({ id: workflows.id });
  return rows.length > 0;
}

/** False when the owner has no such workflow. */
export async function deleteWorkflow(ownerId: string, id: string, db?: DbOrTx): Promise<boolean> {
  db ??= (await getDb()).db;
  const rows = await db
    .delete(workflows)
    .where(and(eq(workflows.id, id), eq(workflows.ownerId, ownerId)))
    .returning({ id: workflows.id });
  return rows.length > 0;
}
