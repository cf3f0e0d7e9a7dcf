/**
 * Writing the audit log (lib/db/schema.ts `auditEvents`, append-only). Adapters (routes, server
 * actions, the approval page) call `audit()` right after a change succeeded; the change itself is
 * never undone or hidden by a failure to record it, which is logged as an error instead.
 */
import { sql } from "drizzle-orm";
import { logUnexpected } from "@/lib/db/faults";
import type { DbOrTx } from "@/lib/db/types";
import { objectTypeOf, type AuditAction, type AuditObjectType } from "./actions";

/**
 * Who acted. A person's label is their email, read when the entry is written; a key's is its name;
 * an outside approver (a signed-out approval link) is named by the address the link was sent to.
 */
export type AuditActor =
  | { kind: "user"; userId: string }
  | { kind: "api_key"; userId: string; apiKeyId: string; name: string }
  | { kind: "approval_link"; email: string };

export type AuditEntry = {
  /** The account that acted for the object (the actor, or the run's owner for a link's vote). */
  ownerId: string;
  /**
   * Whose log: the object's workspace. Left out, it is read from the object (a workflow, run,
   * secret or key that still exists); an entry for a deleted object must name it.
   */
  workspaceId?: string | null;
  actor: AuditActor;
  action: AuditAction;
  objectId: string;
  /** The object's name when it was acted on (a workflow's name, a secret's, a key's). */
  objectLabel?: string | null;
  address?: string | null;
  detail?: Record<string, unknown>;
};

/**
 * An editor's autosave writes every few seconds while someone edits: one "edited workflow" entry
 * stands for a person's edits until they stop for this long.
 */
export const EDIT_QUIET_MS = 10 * 60_000;

/** Writes one entry (or none: an edit within EDIT_QUIET_MS of the same actor's last edit of the same workflow). Throws on failure. */
export async function recordAudit(db: DbOrTx, entry: AuditEntry): Promise<void> {
  const { actor } = entry;
  const actorUserId = actor.kind === "approval_link" ? null : actor.userId;
  const actorApiKeyId = actor.kind === "api_key" ? actor.apiKeyId : null;
  const label =
    actor.kind === "user" ? sql`coalesce((select email from users where id = ${actor.userId}), ${actor.userId})` : sql`${actor.kind === "api_key" ? actor.name : actor.email}`;
  const quiet =
    entry.action === "workflow.edit"
      ? sql`where not exists (select 1 from audit_events where owner_id = ${entry.ownerId} and action = 'workflow.edit' and object_id = ${entry.objectId}
          and actor_kind = ${actor.kind} and actor_user_id is not distinct from ${actorUserId} and actor_api_key_id is not distinct from ${actorApiKeyId}
          and at > now() - ${`${EDIT_QUIET_MS} milliseconds`}::interval)`
      : sql``;
  await db.execute(sql`
    insert into audit_events (owner_id, workspace_id, actor_kind, actor_user_id, actor_api_key_id, actor_label, action, object_type, object_id, object_label, address, detail)
    select ${entry.ownerId}, ${workspaceOf(entry)}, ${actor.kind}, ${actorUserId}, ${actorApiKeyId}, ${label}, ${entry.action}, ${objectTypeOf(entry.action)},
      ${entry.objectId}, ${entry.objectLabel ?? null}, ${entry.address ?? null}, ${entry.detail ? JSON.stringify(entry.detail) : null}::jsonb
    ${quiet}`);
}

const OBJECT_TABLES: Partial<Record<AuditObjectType, string>> = { workflow: "workflows", run: "runs", secret: "secrets", api_key: "api_keys" };

/** The entry's workspace: as given, else the object's (null: the owner's personal one, by the table's trigger). */
function workspaceOf(entry: AuditEntry) {
  if (entry.workspaceId) return sql`${entry.workspaceId}`;
  const table = OBJECT_TABLES[objectTypeOf(entry.action)];
  return table ? sql`(select workspace_id from ${sql.identifier(table)} where id = ${entry.objectId})` : sql`null`;
}

/** recordAudit for adapters: a failure is logged, never thrown over the change that already happened. */
export async function audit(db: DbOrTx, entry: AuditEntry): Promise<void> {
  try {
    await recordAudit(db, entry);
  } catch (error) {
    logUnexpected(`audit ${entry.action} ${entry.objectId}`, error);
  }
}
