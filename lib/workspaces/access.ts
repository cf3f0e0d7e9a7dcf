/**
 * Who may touch what (issue 16): the one rule every query, route, server action and page uses.
 * An object belongs to a workspace; the actor's role there decides. A person acts with their
 * membership role. An API key acts in its own workspace only, with the role chosen when it was
 * made, and never above its creator's current role there (a creator who left takes the key's
 * access along). A stranger's object is unknown (404); a member without the right is refused (403).
 */
import { and, eq, getTableName, sql, type Placeholder, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { workspaceMembers } from "@/lib/db/schema";
import type { DbOrTx } from "@/lib/db/types";
import { RunServiceError } from "@/lib/runs/errors";
import { can, notAbove, rolesThatCan, type Capability, type WorkspaceRole } from "./roles";

/** The key a request came with: its workspace and role. */
export type ActorKey = { id: string; name: string; workspaceId: string; role: WorkspaceRole };
export type Actor = { userId: string; apiKey?: ActorKey };

/** SQL: `column` names a workspace where the actor can `capability`. */
export function allowedIn(actor: Actor, column: AnyPgColumn, capability: Capability): SQL {
  const roles = rolesThatCan(capability);
  const members = sql`select "m"."workspace_id" from "workspace_members" as "m" where "m"."user_id" = ${actor.userId} and "m"."role" in (${sql.join(roles.map((r) => sql`${r}`), sql`, `)})`;
  if (!actor.apiKey) return sql`${qualified(column)} in (${members})`;
  if (!can(actor.apiKey.role, capability)) return sql`false`;
  return sql`(${qualified(column)} = ${actor.apiKey.workspaceId} and ${qualified(column)} in (${members}))`;
}

/**
 * `"table"."column"`, spelled out: drizzle leaves columns unqualified in a one-table select, and
 * inside a subquery an unqualified "workspace_id" would be the subquery's own column.
 */
export const qualified = (column: AnyPgColumn) => sql`${sql.identifier(getTableName(column.table))}.${sql.identifier(column.name)}`;

/** SQL for a select: the actor's membership role in the workspace `column` names (null: none). */
export const memberRole = (actor: Actor, column: AnyPgColumn) => memberRoleOf(actor.userId, column);

/** memberRole for a user id, or a placeholder for one (a prepared query). */
export const memberRoleOf = (userId: string | Placeholder, column: AnyPgColumn) =>
  sql<WorkspaceRole | null>`(select "m"."role" from "workspace_members" as "m" where "m"."workspace_id" = ${qualified(column)} and "m"."user_id" = ${userId})`;

/** The role the actor acts with, given its membership role in the object's workspace. */
export function actingRole(actor: Actor, workspaceId: string | null, member: WorkspaceRole | null): WorkspaceRole | null {
  if (!workspaceId || !member) return null;
  if (!actor.apiKey) return member;
  if (actor.apiKey.workspaceId !== workspaceId) return null;
  return notAbove(member, actor.apiKey.role) ? member : actor.apiKey.role;
}

/** The role the actor acts with in a workspace, or null when it has none there. */
export async function roleOf(db: DbOrTx, actor: Actor, workspaceId: string | null): Promise<WorkspaceRole | null> {
  if (!workspaceId) return null;
  const [row] = await db
    .select({ role: workspaceMembers.role })
    .from(workspaceMembers)
    .where(and(eq(workspaceMembers.workspaceId, workspaceId), eq(workspaceMembers.userId, actor.userId)));
  return actingRole(actor, workspaceId, row?.role ?? null);
}

const VERBS: Record<Capability, string> = {
  view: "see this",
  run: "run or approve here",
  edit: "edit workflows here",
  admin: "manage this workspace's secrets, keys, members or audit log",
  own: "do this (owners only)",
};

/** Why an actor with `role` can't `capability`, for a 403. */
export const refusalText = (role: WorkspaceRole, capability: Capability): string =>
  `Your role in this workspace (${role}) can't ${VERBS[capability]}`;

/** The actor's role in the workspace when it allows `capability`; else not_found (no role) or forbidden. */
export async function requireCapability(db: DbOrTx, actor: Actor, workspaceId: string, capability: Capability): Promise<WorkspaceRole> {
  const role = await roleOf(db, actor, workspaceId);
  if (!role) throw new RunServiceError("not_found", "No such workspace");
  if (!can(role, capability)) throw new RunServiceError("forbidden", refusalText(role, capability));
  return role;
}
