// Writes the editor's draft definition. Workspace-scoped like every workflow query: a workflow
// outside the actor's workspaces behaves like a missing one ("gone"); a member whose role can't
// edit is refused ("forbidden"). A save names the revision it was based on and
// only lands if nothing was written since (compare-and-set in one UPDATE), so two tabs or two
// concurrent saves can't silently overwrite each other.
import { and, eq, sql } from "drizzle-orm";
import { getDb, type DbOrTx } from "@/lib/db/client";
import { workflows } from "@/lib/db/schema";
import { actingRole, allowedIn, memberRole, refusalText, type Actor } from "@/lib/workspaces/access";
import { can } from "@/lib/workspaces/roles";
import type { WorkflowDefinition } from "./definition-types";
import { workflowNameFrom } from "./definition-schema";

export type WriteOutcome =
  | { ok: true; revision: number }
  | { ok: false; reason: "gone" }
  | { ok: false; reason: "forbidden"; message: string }
  /** Someone else wrote first; `revision` is the current one (save again on it to overwrite). */
  | { ok: false; reason: "conflict"; revision: number };

export async function saveWorkflowDefinition(
  actor: Actor,
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
    .where(and(eq(workflows.id, id), allowedIn(actor, workflows.workspaceId, "edit"), eq(workflows.revision, baseRevision)))
    .returning({ revision: workflows.revision });
  return row ? { ok: true, revision: row.revision } : whyNotWritten(db, actor, id);
}

/** After a compare-and-set matched nothing: the workflow is gone (or not the actor's to see), not theirs to edit, or it moved on. */
export async function whyNotWritten(db: DbOrTx, actor: Actor, id: string): Promise<WriteOutcome> {
  const [current] = await db
    .select({ revision: workflows.revision, workspaceId: workflows.workspaceId, member: memberRole(actor, workflows.workspaceId) })
    .from(workflows)
    .where(eq(workflows.id, id))
    .limit(1);
  const role = current ? actingRole(actor, current.workspaceId, current.member) : null;
  if (!current || !role) return { ok: false, reason: "gone" };
  if (!can(role, "edit")) return { ok: false, reason: "forbidden", message: refusalText(role, "edit") };
  return { ok: false, reason: "conflict", revision: current.revision };
}
