// What GET /api/workflows lists: each workflow of one workspace with the JSON Schema of its run
// inputs (definition.inputs, null when it has none), so scripts can find ids and what to send.
import { and, desc, eq, sql } from "drizzle-orm";
import { workflows } from "@/lib/db/schema";
import type { DbOrTx } from "@/lib/db/types";
import { allowedIn, type Actor } from "@/lib/workspaces/access";

export type WorkflowListItem = { id: string; name: string; createdAt: Date; updatedAt: Date; inputs: unknown };

export async function listWorkflowsWithInputs(db: DbOrTx, actor: Actor, workspaceId: string): Promise<WorkflowListItem[]> {
  const rows = await db
    .select({
      id: workflows.id,
      name: workflows.name,
      createdAt: workflows.createdAt,
      updatedAt: workflows.updatedAt,
      // Only the inputs schema leaves the database, not whole definitions.
      inputs: sql<unknown>`${workflows.definition} -> 'inputs'`,
    })
    .from(workflows)
    .where(and(eq(workflows.workspaceId, workspaceId), allowedIn(actor, workflows.workspaceId, "view")))
    .orderBy(desc(workflows.updatedAt), desc(workflows.createdAt));
  return rows.map((row) => ({ ...row, inputs: row.inputs ?? null }));
}
