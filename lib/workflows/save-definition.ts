// Writes the editor's draft definition. Owner-scoped like every workflow query: someone else's
// workflow behaves like a missing one (false).
import { and, eq } from "drizzle-orm";
import { getDb, type DbOrTx } from "@/lib/db/client";
import { workflows } from "@/lib/db/schema";
import type { WorkflowDefinition } from "./definition-types";
import { workflowNameFrom } from "./definition-schema";

export async function saveWorkflowDefinition(
  ownerId: string,
  id: string,
  definition: WorkflowDefinition,
  db?: DbOrTx,
): Promise<boolean> {
  db ??= (await getDb()).db;
  const name = workflowNameFrom(definition.name);
  const rows = await db
    .update(workflows)
    .set({ definition, ...(name ? { name } : {}), updatedAt: new Date() })
    .where(and(eq(workflows.id, id), eq(workflows.ownerId, ownerId)))
    .returning({ id: workflows.id });
  return rows.length > 0;
}
