/**
 * Invitations to a team workspace (issue 16): by link (whoever holds it) or for one address (sent
 * through the approvals' mail path: SMTP, always recorded in the inviter's outbox; only an account
 * with that email can take it). Single use, expiring after INVITATION_TTL_MS, revocable; the token
 * exists only in the link, the table keeps its hash. Nobody invites above their own role.
 */
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { z } from "zod";
import { queueMail } from "@/lib/approvals/mail";
import { publicOrigin } from "@/lib/approvals/public-url";
import { hashToken, newToken, TOKEN_PATTERN } from "@/lib/approvals/tokens";
import { users, workspaceInvitations, workspaceMembers, workspaces } from "@/lib/db/schema";
import type { Db, DbOrTx } from "@/lib/db/types";
import { WorkspaceError } from "./errors";
import { requireRole, roleIn } from "./members";
import { notAbove, ROLE_LABELS, WORKSPACE_ROLES, type WorkspaceRole } from "./roles";

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60_000;
export const invitationPath = (token: string) => `/invite/${token}`;

export const inviteSchema = z.object({
  email: z.preprocess((v) => (v === "" ? undefined : v), z.email({ error: "Enter a valid email address, or leave it empty for a link" }).optional()),
  role: z.enum(WORKSPACE_ROLES, { error: `role: one of ${WORKSPACE_ROLES.join(", ")}` }),
});
export type InviteInput = z.input<typeof inviteSchema>;

export type InvitationSummary = { id: string; email: string | null; role: WorkspaceRole; createdAt: Date; expiresAt: Date };

const summary = { id: workspaceInvitations.id, email: workspaceInvitations.email, role: workspaceInvitations.role, createdAt: workspaceInvitations.createdAt, expiresAt: workspaceInvitations.expiresAt };

/** A new invitation; with an email it is also mailed. `token` is the only time the link exists outside the invitee's hands. */
export async function inviteToWorkspace(db: Db, actorId: string, workspaceId: string, input: InviteInput, now = new Date()): Promise<{ token: string; url: string; invitation: InvitationSummary }> {
  const parsed = inviteSchema.safeParse(input);
  if (!parsed.success) throw new WorkspaceError("invalid", parsed.error.issues[0]?.message ?? "invalid invitation");
  const { role } = parsed.data;
  const email = parsed.data.email?.toLowerCase();
  const { role: actorRole, workspace } = await requireRole(db, actorId, workspaceId, "admin");
  if (workspace.personalOf) throw new WorkspaceError("personal", "A personal workspace has only its owner: make a team workspace to invite people");
  if (!notAbove(role, actorRole)) throw new WorkspaceError("forbidden", `Your role (${actorRole}) can't invite ${role}s`);
  const token = newToken();
  const [invitation] = await db
    .insert(workspaceInvitations)
    .values({ id: `inv_${newToken().slice(0, 22)}`, workspaceId, email: email ?? null, role, tokenHash: hashToken(token), invitedBy: actorId, expiresAt: new Date(now.getTime() + INVITATION_TTL_MS) })
    .returning(summary);
  const url = `${publicOrigin()}${invitationPath(token)}`;
  if (email) {
    const text = `You are invited to the workspace “${workspace.name}” on FlowMaestro as ${ROLE_LABELS[role].toLowerCase()}.\n\nAccept: ${url}\n\nThe link works once, for ${email}, until ${invitation.expiresAt.toUTCString()}.`;
    await queueMail(db, { ownerId: actorId, workspaceId, to: email, subject: `Join “${workspace.name}” on FlowMaestro`, text });
  }
  return { token, url, invitation };
}

/** Open invitations (not used, revoked or expired), newest first; admins only. */
export async function openInvitations(db: DbOrTx, actorId: string, workspaceId: string, now = new Date()): Promise<InvitationSummary[]> {
  await requireRole(db, actorId, workspaceId, "admin");
  return db
    .select(summary)
    .from(workspaceInvitations)
    .where(and(eq(workspaceInvitations.workspaceId, workspaceId), isNull(workspaceInvitations.usedAt), isNull(workspaceInvitations.revokedAt), gt(workspaceInvitations.expiresAt, now)))
    .orderBy(desc(workspaceInvitations.createdAt));
}

/** The link stops working at once; admins of its workspace only (anyone else: not_found). */
export async function revokeInvitation(db: Db, actorId: string, invitationId: string): Promise<void> {
  const [invitation] = await db.select({ workspaceId: workspaceInvitations.workspaceId }).from(workspaceInvitations).where(eq(workspaceInvitations.id, invitationId));
  if (!invitation) throw new WorkspaceError("not_found", "No such invitation");
  await requireRole(db, actorId, invitation.workspaceId, "admin");
  const revoked = await db
    .update(workspaceInvitations)
    .set({ revokedAt: new Date() })
    .where(and(eq(workspaceInvitations.id, invitationId), isNull(workspaceInvitations.usedAt), isNull(workspaceInvitations.revokedAt)))
    .returning({ id: workspaceInvitations.id });
  if (revoked.length === 0) throw new WorkspaceError("closed", "This invitation was already used or revoked");
}

const CLOSED = "This invitation was used, revoked or has expired: ask for a new one";

/**
 * Takes the invitation for the signed-in user: they become a member with its role (a member
 * already is kept at the higher of the two roles). Spent in the same transaction, so of two
 * accepts exactly one counts.
 */
export async function acceptInvitation(db: Db, userId: string, token: string, now = new Date()): Promise<{ workspace: { id: string; slug: string; name: string }; role: WorkspaceRole }> {
  if (!TOKEN_PATTERN.test(token)) throw new WorkspaceError("closed", CLOSED);
  return db.transaction(async (tx) => {
    const [invitation] = await tx.select().from(workspaceInvitations).where(eq(workspaceInvitations.tokenHash, hashToken(token))).for("update");
    if (!invitation || invitation.usedAt || invitation.revokedAt || invitation.expiresAt <= now) throw new WorkspaceError("closed", CLOSED);
    const [user] = await tx.select({ email: users.email }).from(users).where(eq(users.id, userId));
    if (invitation.email && invitation.email !== user?.email?.toLowerCase()) throw new WorkspaceError("forbidden", "This invitation was sent to another email address: sign in with that account to accept it");
    const [workspace] = await tx.select({ id: workspaces.id, slug: workspaces.slug, name: workspaces.name }).from(workspaces).where(eq(workspaces.id, invitation.workspaceId));
    const existing = await roleIn(tx, userId, invitation.workspaceId);
    const role = existing && notAbove(invitation.role, existing) ? existing : invitation.role;
    await tx
      .insert(workspaceMembers)
      .values({ workspaceId: invitation.workspaceId, userId, role })
      .onConflictDoUpdate({ target: [workspaceMembers.workspaceId, workspaceMembers.userId], set: { role } });
    await tx.update(workspaceInvitations).set({ usedAt: now, usedBy: userId }).where(eq(workspaceInvitations.id, invitation.id));
    return { workspace, role };
  });
}

export type InvitationPreview =
  | { state: "open"; workspace: { name: string; slug: string }; role: WorkspaceRole; email: string | null; invitedBy: string | null; expiresAt: Date }
  | { state: "closed" };

/** What the invitation page shows before accepting: the workspace, the role, who invited. Nothing for a spent, revoked or expired link. */
export async function invitationPreview(db: DbOrTx, token: string, now = new Date()): Promise<InvitationPreview> {
  if (!TOKEN_PATTERN.test(token)) return { state: "closed" };
  const [row] = await db
    .select({ invitation: workspaceInvitations, workspace: { name: workspaces.name, slug: workspaces.slug }, invitedBy: users.email })
    .from(workspaceInvitations)
    .innerJoin(workspaces, eq(workspaces.id, workspaceInvitations.workspaceId))
    .leftJoin(users, eq(users.id, workspaceInvitations.invitedBy))
    .where(eq(workspaceInvitations.tokenHash, hashToken(token)));
  if (!row || row.invitation.usedAt || row.invitation.revokedAt || row.invitation.expiresAt <= now) return { state: "closed" };
  return { state: "open", workspace: row.workspace, role: row.invitation.role, email: row.invitation.email, invitedBy: row.invitedBy, expiresAt: row.invitation.expiresAt };
}
