/**
 * Workspaces and their members (issue 16): team workspaces, who is in them with which role, role
 * changes and leaving. Membership changes of one workspace are serialized on its row, so "a
 * workspace always has an owner" holds under concurrent changes. A caller who is not a member
 * gets not_found for everything; a member without the right gets forbidden.
 */
import crypto from "node:crypto";
import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { users, workspaceMembers, workspaces, type Workspace } from "@/lib/db/schema";
import type { Db, DbOrTx } from "@/lib/db/types";
import { isStorableText } from "@/lib/http/json";
import { roleOf } from "./access";
import { WorkspaceError, workspaceNotFound } from "./errors";
import { can, notAbove, type Capability, type WorkspaceRole } from "./roles";

export const workspaceNameField = z.string().trim().min(1, "give the workspace a name").max(80, "at most 80 characters").refine(isStorableText, "contains a character that can't be stored (NUL or a lone surrogate)");

export type WorkspaceSummary = { id: string; slug: string; name: string; personal: boolean; role: WorkspaceRole };
export type MemberSummary = { userId: string; email: string | null; name: string | null; role: WorkspaceRole; joinedAt: Date };

/** The user's workspaces, their personal one first. */
export async function workspacesOf(db: DbOrTx, userId: string): Promise<WorkspaceSummary[]> {
  const rows = await db
    .select({ id: workspaces.id, slug: workspaces.slug, name: workspaces.name, personalOf: workspaces.personalOf, role: workspaceMembers.role })
    .from(workspaceMembers)
    .innerJoin(workspaces, eq(workspaces.id, workspaceMembers.workspaceId))
    .where(eq(workspaceMembers.userId, userId))
    .orderBy(sql`${workspaces.personalOf} is null`, asc(workspaces.name), asc(workspaces.id));
  return rows.map(({ personalOf, ...w }) => ({ ...w, personal: personalOf !== null }));
}

/** A person's membership role in the workspace (null: not a member); access.ts's roleOf for a session. */
export const roleIn = (db: DbOrTx, userId: string, workspaceId: string): Promise<WorkspaceRole | null> => roleOf(db, { userId }, workspaceId);

/**
 * The caller's role where it allows `capability`. `lock`: the workspace row is locked for the rest
 * of the transaction (membership changes).
 */
export async function requireRole(db: DbOrTx, userId: string, workspaceId: string, capability: Capability, options: { lock?: boolean } = {}): Promise<{ role: WorkspaceRole; workspace: Workspace }> {
  const query = db.select().from(workspaces).where(eq(workspaces.id, workspaceId));
  const [workspace] = options.lock ? await query.for("update") : await query;
  const role = workspace ? await roleIn(db, userId, workspaceId) : null;
  if (!workspace || !role) throw workspaceNotFound();
  if (!can(role, capability)) throw new WorkspaceError("forbidden", `Your role (${role}) can't do this here`);
  return { role, workspace };
}

const slugBase = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 24).replace(/-+$/, "") || "team";

/** A team workspace, its creator its owner. */
export async function createTeamWorkspace(db: Db, userId: string, name: string): Promise<Workspace> {
  const parsed = workspaceNameField.safeParse(name);
  if (!parsed.success) throw new WorkspaceError("invalid", `name: ${parsed.error.issues[0]?.message}`);
  return db.transaction(async (tx) => {
    let slug = "";
    for (let tries = 0; !slug || (await tx.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.slug, slug))).length > 0; tries++) {
      if (tries > 5) throw new Error("no free workspace slug after 5 tries");
      slug = `${slugBase(parsed.data)}-${crypto.randomBytes(3).toString("hex")}`;
    }
    const [workspace] = await tx.insert(workspaces).values({ slug, name: parsed.data }).returning();
    await tx.insert(workspaceMembers).values({ workspaceId: workspace.id, userId, role: "owner" });
    return workspace;
  });
}

export async function membersOf(db: DbOrTx, userId: string, workspaceId: string): Promise<MemberSummary[]> {
  await requireRole(db, userId, workspaceId, "view");
  return db
    .select({ userId: workspaceMembers.userId, email: users.email, name: users.name, role: workspaceMembers.role, joinedAt: workspaceMembers.createdAt })
    .from(workspaceMembers)
    .innerJoin(users, eq(users.id, workspaceMembers.userId))
    .where(eq(workspaceMembers.workspaceId, workspaceId))
    .orderBy(asc(workspaceMembers.createdAt), asc(users.email));
}

async function ownerCount(db: DbOrTx, workspaceId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(workspaceMembers).where(and(eq(workspaceMembers.workspaceId, workspaceId), eq(workspaceMembers.role, "owner")));
  return row.n;
}

/** Admins change roles up to their own; only owners make or unmake owners; the last owner stays one. */
export async function changeRole(db: Db, actorId: string, workspaceId: string, memberId: string, role: WorkspaceRole): Promise<void> {
  await db.transaction(async (tx) => {
    const { role: actorRole, workspace } = await requireRole(tx, actorId, workspaceId, "admin", { lock: true });
    if (workspace.personalOf) throw new WorkspaceError("personal", "A personal workspace has only its owner");
    const current = await roleIn(tx, memberId, workspaceId);
    if (!current) throw new WorkspaceError("not_found", "No such member");
    if ((current === "owner" || role === "owner") && actorRole !== "owner") throw new WorkspaceError("forbidden", "Only an owner can make or unmake owners");
    if (!notAbove(role, actorRole) || !notAbove(current, actorRole)) throw new WorkspaceError("forbidden", `Your role (${actorRole}) can't give or change a role above it`);
    if (current === "owner" && role !== "owner" && (await ownerCount(tx, workspaceId)) === 1) throw new WorkspaceError("last_owner", "The workspace needs an owner: make someone else an owner first");
    await tx.update(workspaceMembers).set({ role }).where(and(eq(workspaceMembers.workspaceId, workspaceId), eq(workspaceMembers.userId, memberId)));
  });
}

/** A member leaves (memberId = actorId) or an admin removes someone not above them; the last owner can do neither. */
export async function removeMember(db: Db, actorId: string, workspaceId: string, memberId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const leaving = memberId === actorId;
    const { role: actorRole, workspace } = await requireRole(tx, actorId, workspaceId, leaving ? "view" : "admin", { lock: true });
    if (workspace.personalOf) throw new WorkspaceError("personal", "A personal workspace can't be left; it goes with the account");
    const current = leaving ? actorRole : await roleIn(tx, memberId, workspaceId);
    if (!current) throw new WorkspaceError("not_found", "No such member");
    if (!leaving && !notAbove(current, actorRole)) throw new WorkspaceError("forbidden", `Your role (${actorRole}) can't remove a ${current}`);
    if (current === "owner" && (await ownerCount(tx, workspaceId)) === 1) throw new WorkspaceError("last_owner", "The workspace needs an owner: make someone else an owner first");
    await tx.delete(workspaceMembers).where(and(eq(workspaceMembers.workspaceId, workspaceId), eq(workspaceMembers.userId, memberId)));
  });
}

/** The user's personal workspace id (made with the account, migration 0012). */
export async function personalWorkspaceOf(db: DbOrTx, userId: string): Promise<string> {
  const [row] = await db.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.personalOf, userId));
  if (!row) throw new Error(`user ${userId} has no personal workspace`);
  return row.id;
}
