// Team workspaces, roles and invitations (lib/workspaces), both databases: who may invite whom,
// single-use, expiring, revocable and address-bound links, concurrent accepts, the last owner, and
// strangers who learn nothing.
import assert from "node:assert/strict";
import { test } from "node:test";
import { eq } from "drizzle-orm";
import { outbox, workspaceInvitations } from "../../lib/db/schema";
import type { Db } from "../../lib/db/types";
import { WorkspaceError, type WorkspaceErrorCode } from "../../lib/workspaces/errors";
import { acceptInvitation, INVITATION_TTL_MS, inviteToWorkspace, openInvitations, revokeInvitation } from "../../lib/workspaces/invitations";
import { changeRole, createTeamWorkspace, membersOf, removeMember, roleIn, workspacesOf } from "../../lib/workspaces/members";
import { can, rolesThatCan } from "../../lib/workspaces/roles";
import { describeEachDb } from "../support/db";
import { createUser } from "../runs/helpers";

const refused = (code: WorkspaceErrorCode) => (error: unknown) => error instanceof WorkspaceError && error.code === code;

describeEachDb("workspaces", (getTestDb) => {
  const db = () => getTestDb().handle.db as Db;

  async function team(ownerLabel = "owner") {
    const owner = await createUser(db(), ownerLabel);
    const workspace = await createTeamWorkspace(db(), owner, "Growth Team");
    return { owner, workspace };
  }

  async function joined(workspaceId: string, inviter: string, role: "admin" | "editor" | "runner" | "viewer" | "owner", label: string) {
    const user = await createUser(db(), label);
    const { token } = await inviteToWorkspace(db(), inviter, workspaceId, { role });
    await acceptInvitation(db(), user, token);
    return user;
  }

  test("every user has a personal workspace; a team workspace has its creator as owner", async () => {
    const { owner, workspace } = await team();
    assert.match(workspace.slug, /^growth-team-[0-9a-f]{6}$/);
    const mine = await workspacesOf(db(), owner);
    assert.deepEqual(mine.map((w) => [w.name, w.personal, w.role]), [["Personal", true, "owner"], ["Growth Team", false, "owner"]]);
    await assert.rejects(createTeamWorkspace(db(), owner, "   "), refused("invalid"));
    await assert.rejects(createTeamWorkspace(db(), owner, "Growth\u0000Team"), refused("invalid"), "NUL refused with the reason, not a database error");
  });

  test("a link invitation makes whoever takes it a member once; reuse, expiry and revocation close it", async () => {
    const { owner, workspace } = await team();
    const runner = await createUser(db(), "runner");
    const { token, url, invitation } = await inviteToWorkspace(db(), owner, workspace.id, { role: "runner" });
    assert.ok(url.endsWith(`/invite/${token}`));
    assert.deepEqual((await openInvitations(db(), owner, workspace.id)).map((i) => i.id), [invitation.id]);
    const stored = await db().select().from(workspaceInvitations).where(eq(workspaceInvitations.id, invitation.id));
    assert.ok(!JSON.stringify(stored).includes(token), "only the token's hash is stored");

    assert.deepEqual(await acceptInvitation(db(), runner, token), { workspace: { id: workspace.id, slug: workspace.slug, name: "Growth Team" }, role: "runner" });
    assert.equal(await roleIn(db(), runner, workspace.id), "runner");
    await assert.rejects(acceptInvitation(db(), await createUser(db(), "late"), token), refused("closed"), "single use");
    assert.deepEqual(await openInvitations(db(), owner, workspace.id), []);

    const expiring = await inviteToWorkspace(db(), owner, workspace.id, { role: "viewer" });
    await assert.rejects(acceptInvitation(db(), await createUser(db(), "slow"), expiring.token, new Date(Date.now() + INVITATION_TTL_MS + 1)), refused("closed"), "expired");
    const revoked = await inviteToWorkspace(db(), owner, workspace.id, { role: "viewer" });
    await revokeInvitation(db(), owner, revoked.invitation.id);
    await assert.rejects(acceptInvitation(db(), await createUser(db(), "after"), revoked.token), refused("closed"), "revoked");
    await assert.rejects(revokeInvitation(db(), owner, revoked.invitation.id), refused("closed"));
    await assert.rejects(acceptInvitation(db(), runner, "not-a-token"), refused("closed"));
  });

  test("an email invitation is mailed through the outbox and only that account can take it", async () => {
    const { owner, workspace } = await team();
    const invitee = await createUser(db(), "invitee");
    const email = `${invitee}@example.test`;
    const { token } = await inviteToWorkspace(db(), owner, workspace.id, { email: email.toUpperCase(), role: "editor" });
    const [mail] = await db().select().from(outbox).where(eq(outbox.to, email));
    assert.equal(mail.ownerId, owner);
    assert.equal(mail.workspaceId, workspace.id);
    assert.ok(mail.text.includes(`/invite/${token}`), "the mail carries the link");
    await assert.rejects(acceptInvitation(db(), await createUser(db(), "other"), token), refused("forbidden"));
    assert.equal((await acceptInvitation(db(), invitee, token)).role, "editor", "the refused try did not spend it");
    await assert.rejects(inviteToWorkspace(db(), owner, workspace.id, { email: "not an email", role: "viewer" }), refused("invalid"));
  });

  test("two accepts of one link at the same moment: exactly one member", async () => {
    const { owner, workspace } = await team();
    const { token } = await inviteToWorkspace(db(), owner, workspace.id, { role: "viewer" });
    const a = await createUser(db(), "a");
    const b = await createUser(db(), "b");
    const results = await Promise.allSettled([acceptInvitation(db(), a, token), acceptInvitation(db(), b, token)]);
    assert.equal(results.filter((r) => r.status === "fulfilled").length, 1);
    assert.equal((await membersOf(db(), owner, workspace.id)).length, 2);
  });

  test("nobody hands out more than they have: editors can't invite, admins can't make owners", async () => {
    const { owner, workspace } = await team();
    const admin = await joined(workspace.id, owner, "admin", "admin");
    const editor = await joined(workspace.id, admin, "editor", "editor");
    await assert.rejects(inviteToWorkspace(db(), editor, workspace.id, { role: "viewer" }), refused("forbidden"));
    await assert.rejects(inviteToWorkspace(db(), admin, workspace.id, { role: "owner" }), refused("forbidden"));
    await assert.rejects(changeRole(db(), admin, workspace.id, editor, "owner"), refused("forbidden"));
    await assert.rejects(changeRole(db(), admin, workspace.id, owner, "viewer"), refused("forbidden"));
    await assert.rejects(removeMember(db(), admin, workspace.id, owner), refused("forbidden"));
    await changeRole(db(), admin, workspace.id, editor, "runner");
    assert.equal(await roleIn(db(), editor, workspace.id), "runner");
    // A member invited again keeps the higher role.
    const { token } = await inviteToWorkspace(db(), admin, workspace.id, { role: "viewer" });
    await acceptInvitation(db(), editor, token);
    assert.equal(await roleIn(db(), editor, workspace.id), "runner");
  });

  test("the last owner can neither leave nor step down; with a second owner both work; members leave", async () => {
    const { owner, workspace } = await team();
    const second = await joined(workspace.id, owner, "viewer", "second");
    await assert.rejects(removeMember(db(), owner, workspace.id, owner), refused("last_owner"));
    await assert.rejects(changeRole(db(), owner, workspace.id, owner, "admin"), refused("last_owner"));
    await changeRole(db(), owner, workspace.id, second, "owner");
    await changeRole(db(), owner, workspace.id, owner, "admin");
    await removeMember(db(), owner, workspace.id, owner);
    assert.deepEqual((await membersOf(db(), second, workspace.id)).map((m) => m.role), ["owner"]);
    const personal = (await workspacesOf(db(), second)).find((w) => w.personal)!;
    await assert.rejects(removeMember(db(), second, personal.id, second), refused("personal"));
    await assert.rejects(inviteToWorkspace(db(), second, personal.id, { role: "viewer" }), refused("personal"));
  });

  test("a stranger gets not_found for every operation; a member without the right gets forbidden", async () => {
    const { owner, workspace } = await team();
    const stranger = await createUser(db(), "stranger");
    const viewer = await joined(workspace.id, owner, "viewer", "viewer");
    const { invitation } = await inviteToWorkspace(db(), owner, workspace.id, { role: "viewer" });
    for (const attempt of [
      () => membersOf(db(), stranger, workspace.id),
      () => inviteToWorkspace(db(), stranger, workspace.id, { role: "viewer" }),
      () => openInvitations(db(), stranger, workspace.id),
      () => revokeInvitation(db(), stranger, invitation.id),
      () => changeRole(db(), stranger, workspace.id, viewer, "admin"),
      () => removeMember(db(), stranger, workspace.id, viewer),
      () => removeMember(db(), stranger, workspace.id, stranger),
    ])
      await assert.rejects(attempt(), refused("not_found"));
    await assert.rejects(changeRole(db(), viewer, workspace.id, viewer, "admin"), refused("forbidden"));
    await assert.rejects(openInvitations(db(), viewer, workspace.id), refused("forbidden"));
    assert.equal((await membersOf(db(), viewer, workspace.id)).length, 2, "a viewer sees who is in it");
  });

  test("roles are ordered: each can do what the ones below it can", () => {
    assert.deepEqual(rolesThatCan("run"), ["owner", "admin", "editor", "runner"]);
    assert.deepEqual(rolesThatCan("admin"), ["owner", "admin"]);
    assert.equal(can("runner", "edit"), false);
    assert.equal(can("viewer", "view"), true);
  });
});
