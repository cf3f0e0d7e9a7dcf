"use server";
// Workspaces and their members (issue 16): create a team workspace, invite (by link or mail),
// withdraw an invitation, change a role, remove a member, leave, accept an invitation. The rules
// (who may, the last owner) live in lib/workspaces; each change is audited in its workspace.
// They don't revalidate the page: Next would render it inside the action's response, which never
// passed the proxy and so may not know the page's workspace; the forms refresh it instead (a GET
// of the /w/<slug> URL, components/workspaces/member-forms.tsx).
import { redirect } from "next/navigation";
import { z } from "zod";
import { auditAction } from "@/lib/audit/context";
import { validatedActionWithUser, type ActionState } from "@/lib/auth/action";
import { getDb } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { acceptInvitation, inviteSchema, inviteToWorkspace, revokeInvitation } from "@/lib/workspaces/invitations";
import { changeRole, createTeamWorkspace, removeMember, workspaceNameField } from "@/lib/workspaces/members";
import { rememberWorkspace } from "@/lib/workspaces/current";
import { inWorkspace } from "@/lib/workspaces/path";
import { WORKSPACE_ROLES } from "@/lib/workspaces/roles";
import { eq } from "drizzle-orm";

const workspaceId = z.string().min(1, "missing workspace").max(100);
const userId = z.string().min(1, "missing member").max(200);

async function emailOf(id: string): Promise<string | null> {
  const { db } = await getDb();
  const [row] = await db.select({ email: users.email }).from(users).where(eq(users.id, id));
  return row?.email ?? null;
}

export const createWorkspaceAction = validatedActionWithUser(z.object({ name: workspaceNameField }), async ({ name }, user) => {
  const { db } = await getDb();
  const workspace = await createTeamWorkspace(db, user.id, name);
  await auditAction(user.id, { action: "workspace.create", workspaceId: workspace.id, objectId: workspace.id, objectLabel: workspace.name });
  await rememberWorkspace(workspace.slug);
  redirect(inWorkspace(workspace.slug, "/settings/members"));
});

export type InviteState = ActionState & { link?: string };

export const inviteAction = validatedActionWithUser(inviteSchema.extend({ workspaceId }), async ({ workspaceId, email, role }, user): Promise<InviteState> => {
  const { db } = await getDb();
  const { url, invitation } = await inviteToWorkspace(db, user.id, workspaceId, { email, role });
  await auditAction(user.id, { action: "member.invite", workspaceId, objectId: invitation.id, objectLabel: email ?? "invitation link", detail: { role } });
  return email ? { ok: true, message: `Invited ${email} as ${role}: the mail is in the outbox.`, link: url } : { ok: true, message: `A link for one person to join as ${role}: copy it now, it is not shown again.`, link: url };
});

export const revokeInvitationAction = validatedActionWithUser(z.object({ id: z.string().min(1).max(100), workspaceId }), async ({ id, workspaceId }, user) => {
  const { db } = await getDb();
  await revokeInvitation(db, user.id, id);
  await auditAction(user.id, { action: "member.uninvite", workspaceId, objectId: id });
  return { ok: true, message: "Invitation withdrawn." };
});

export const changeRoleAction = validatedActionWithUser(z.object({ workspaceId, userId, role: z.enum(WORKSPACE_ROLES) }), async ({ workspaceId, userId, role }, user) => {
  const { db } = await getDb();
  await changeRole(db, user.id, workspaceId, userId, role);
  await auditAction(user.id, { action: "member.role", workspaceId, objectId: userId, objectLabel: await emailOf(userId), detail: { role } });
  return { ok: true, message: `Role changed to ${role}.` };
});

export const removeMemberAction = validatedActionWithUser(z.object({ workspaceId, userId }), async ({ workspaceId, userId }, user) => {
  const { db } = await getDb();
  const leaving = userId === user.id;
  const label = await emailOf(userId);
  await removeMember(db, user.id, workspaceId, userId);
  await auditAction(user.id, { action: leaving ? "member.leave" : "member.remove", workspaceId, objectId: userId, objectLabel: label });
  if (leaving) redirect("/workflows");
  return { ok: true, message: "Member removed." };
});

export const acceptInvitationAction = validatedActionWithUser(z.object({ token: z.string().min(1).max(200) }), async ({ token }, user) => {
  const { db } = await getDb();
  const { workspace, role } = await acceptInvitation(db, user.id, token);
  await auditAction(user.id, { action: "member.join", workspaceId: workspace.id, objectId: user.id, objectLabel: user.email, detail: { role } });
  await rememberWorkspace(workspace.slug);
  redirect(inWorkspace(workspace.slug, "/workflows"));
});
