// Writes the editor's draft definition. Owner-scoped like every workflow query: someone else's
// workflow behaves like a missing one ("gone"). A save names the revision it was based on and
// only lands if nothing was written since (compare-and-set in one UPDATE), so two tabs or two
// concurrent saves can't silently overwrite each other.
import { and, eq, sql } from "drizzle-orm";
import { getDb, type DbOrTx } from "@/lib/db/client";
import { workflows } from "@/lib/db/schema";
import type { WorkflowDefinition } from "./definition-types";
import { workflowNameFrom } from "./definition-schema";

export type WriteOutcome =
  | { ok: true; revision: number }
  | { ok: false; reason: "gone" }
  /** Someone else wrote first; `revision` is the current one (save again on it to overwrite). */
  | { ok: false; reason: "conflict"; revision: number };

export async function saveWorkflowDefinition(
  ownerId: string,
  id: string,
  definition: WorkflowDefinition,
  baseRevision: number,
  db?: DbOrTx,
): Promise<WriteOutcome> {
  db ??= (await getDb()).db;
  const name = workflowNameFrom(definition.name);
  const [row] = await db
    .update(workflows)
    .set({ definition, ...(name ? { name } : {}), revision: sql`${workflows.revision} + 1`, updatedAt: new Date() })
    .where(and(eq(workflows.id, id), eq(workflows.ownerId, ownerId), eq(workflows.revision, baseRevision)))
    .returning({ revision: workflows.revision });
  return row ? { ok: true, revision: row.revision } : whyNotWritten(db, ownerId, id);
}

/** After a compare-and-set matched nothing: the workflow is gone (or not the owner's), or it moved on. */
export async function whyNotWritten(db: DbOrTx, ownerId: string, id: string): Promise<WriteOutcome> {
  const [current] = await db
    .select({ revision: workflows.revision })
    .from(workflows)
    .where(and(eq(workflows.id, id), eq(workflows.ownerId, ownerId)))
    .limit(1);
  return current ? { ok: false, reason: "conflict", revision: current.revision } : { ok: false, reason: "gone" };
}
