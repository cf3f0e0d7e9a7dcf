import type { Metadata } from "next";
import { InviteForm, MemberButton, RoleForm } from "@/components/workspaces/member-forms";
import { getDb } from "@/lib/db/client";
import { relativeTime } from "@/lib/workflows/relative-time";
import { workspacePage } from "@/lib/workspaces/current";
import { openInvitations } from "@/lib/workspaces/invitations";
import { membersOf } from "@/lib/workspaces/members";
import { can, notAbove, ROLE_LABELS, WORKSPACE_ROLES } from "@/lib/workspaces/roles";
import { changeRoleAction, inviteAction, removeMemberAction, revokeInvitationAction } from "../../workspaces/actions";

export const metadata: Metadata = { title: "Members" };

/** Who is in the workspace with which role; admins invite, change roles and remove; anyone may leave a team workspace. */
export default async function MembersPage() {
  const { user, workspace } = await workspacePage("view");
  const { db } = await getDb();
  const admin = can(workspace.role, "admin");
  const members = await membersOf(db, user.id, workspace.id);
  const invitations = admin && !workspace.personal ? await openInvitations(db, user.id, workspace.id) : [];
  const grantable = WORKSPACE_ROLES.filter((role) => notAbove(role, workspace.role) && (role !== "owner" || workspace.role === "owner"));
  const now = new Date();
  return (
    <section aria-labelledby="members-heading" className="space-y-5">
      <div>
        <h2 id="members-heading" className="text-lg font-semibold text-zinc-900">
          Members of {workspace.name}
        </h2>
        <p className="mt-1 text-sm text-zinc-600">
          {workspace.personal
            ? "Your personal workspace is yours alone. To work with others, create a team workspace from the workspace menu."
            : "Owners and admins manage members; editors build workflows; runners run them and approve; viewers look."}
        </p>
      </div>
      {admin && !workspace.personal && <InviteForm action={inviteAction} workspaceId={workspace.id} roles={grantable} />}
      <ul aria-label="Members" className="divide-y divide-zinc-100 overflow-hidden rounded-2xl border border-zinc-200 bg-white shadow-xs">
        {members.map((member) => {
          const label = member.email ?? member.name ?? member.userId;
          const self = member.userId === user.id;
          const manageable = admin && !self && !workspace.personal && notAbove(member.role, workspace.role);
          return (
            <li key={member.userId} data-testid="member-row" className="flex flex-wrap items-center gap-3 px-4 py-3">
              <div className="min-w-0 flex-1">
                <p className="truncate text-sm font-medium text-zinc-900">
                  {label}
                  {self && <span className="ml-1.5 text-xs font-normal text-zinc-500">(you)</span>}
                </p>
                <p className="text-xs text-zinc-500">joined {relativeTime(member.joinedAt, now)}</p>
              </div>
              {manageable ? (
                <RoleForm action={changeRoleAction} workspaceId={workspace.id} userId={member.userId} role={member.role} roles={grantable} label={label} />
              ) : (
                <span data-testid="member-role" className="rounded-full bg-zinc-100 px-2.5 py-1 text-xs font-medium text-zinc-700">
                  {ROLE_LABELS[member.role]}
                </span>
              )}
              {manageable && (
                <MemberButton action={removeMemberAction} fields={{ workspaceId: workspace.id, userId: member.userId }} label="Remove" pendingLabel="Removing…" confirm={`Remove ${label} from ${workspace.name}?`} />
              )}
              {self && !workspace.personal && (
                <MemberButton action={removeMemberAction} fields={{ workspaceId: workspace.id, userId: member.userId }} label="Leave" pendingLabel="Leaving…" confirm={`Leave ${workspace.name}? You lose access to its workflows and runs.`} />
              )}
            </li>
          );
        })}
      </ul>
      {invitations.length > 0 && (
        <div className="space-y-2">
          <h3 className="text-sm font-semibold text-zinc-900">Open invitations</h3>
          <ul aria-label="Open invitations" className="divide-y divide-zinc-100 overflow-hidden rounded-2xl border border-zinc-200 bg-white shadow-xs">
            {invitations.map((invitation) => (
              <li key={invitation.id} className="flex flex-wrap items-center gap-3 px-4 py-3">
                <div className="min-w-0 flex-1">
                  <p className="truncate text-sm font-medium text-zinc-900">{invitation.email ?? "Anyone with the link (single use)"}</p>
                  <p className="text-xs text-zinc-500">
                    {ROLE_LABELS[invitation.role]} · sent {relativeTime(invitation.createdAt, now)} · expires {relativeTime(invitation.expiresAt, now)}
                  </p>
                </div>
                <MemberButton action={revokeInvitationAction} fields={{ id: invitation.id, workspaceId: workspace.id }} label="Withdraw" pendingLabel="Withdrawing…" confirm="Withdraw this invitation? Its link stops working at once." />
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
