// Approvals addressed to workspace members (issue 16), on both databases: a member named by email
// gets a mail pointing at their inbox (no signed-out link), an outsider the link; a role reaches
// every member with that role or above and nobody else; a viewer never; a stranger never. Deciding
// from the inbox continues the run, and a viewer's decision is refused.
import { test } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { outbox, users, workflows, workspaceMembers } from "../../lib/db/schema";
import type { Db } from "../../lib/db/types";
import { addressedAs, inboxOf } from "../../lib/approvals/inbox";
import { memberDecide } from "../../lib/approvals/owner";
import { settleActive } from "../../lib/runs/active";
import { resumeRun, startWorkflowRun } from "../../lib/runs/service";
import { createTeamWorkspace } from "../../lib/workspaces/members";
import type { WorkspaceRole } from "../../lib/workspaces/roles";
import { describeEachDb } from "../support/db";
import { createUser, getRun } from "../runs/helpers";
import { approvalFlow } from "./helpers";

test("addressedAs: by email (any case), by a role at or below the member's, the starter when nobody is named", () => {
  const editor = { email: "Ed@Example.test", role: "editor" as WorkspaceRole, startedRun: false };
  assert.equal(addressedAs(["ed@example.test"], editor), "you");
  assert.equal(addressedAs(["role:runner"], editor), "role:runner");
  assert.equal(addressedAs(["role:editor"], editor), "role:editor");
  assert.equal(addressedAs(["role:admin"], editor), null);
  assert.equal(addressedAs(["someone@else.test"], editor), null);
  assert.equal(addressedAs([], editor), null);
  assert.equal(addressedAs([], { ...editor, startedRun: true }), "starter");
  assert.equal(addressedAs(["role:viewer"], { ...editor, role: "viewer" }), null, "not a role form the engine takes");
});

describeEachDb("approvals inbox", (getTestDb) => {
  const db = () => getTestDb().handle.db as Db;

  async function team() {
    const owner = await createUser(db(), "owner");
    const workspace = await createTeamWorkspace(db(), owner, "Ops");
    const member = async (role: WorkspaceRole) => {
      const id = await createUser(db(), role);
      await db().insert(workspaceMembers).values({ workspaceId: workspace.id, userId: id, role });
      const [row] = await db().select({ email: users.email }).from(users).where(eq(users.id, id));
      return { id, email: row!.email };
    };
    return { owner, workspace, admin: await member("admin"), runner: await member("runner"), viewer: await member("viewer") };
  }

  async function pausedIn(t: Awaited<ReturnType<typeof team>>, approvers: string[], requiredApprovals?: number) {
    const workflowId = crypto.randomUUID();
    const definition = approvalFlow({ message: "Ship it?", approvers, ...(requiredApprovals ? { requiredApprovals } : {}) });
    await db().insert(workflows).values({ id: workflowId, ownerId: t.owner, workspaceId: t.workspace.id, name: definition.name, definition });
    const started = await startWorkflowRun(db(), { userId: t.owner }, workflowId, {}, "manual");
    await started.done;
    return started.run.id;
  }

  test("a member by email is asked in the app, an outsider by link, a role by inbox only", async () => {
    const t = await team();
    const runId = await pausedIn(t, [t.runner.email!, "outside@example.test", "role:admin"]);
    const mails = await db().select().from(outbox).where(eq(outbox.runId, runId));
    assert.deepEqual(mails.map((m) => m.to).sort(), ["outside@example.test", t.runner.email].sort(), "the role is not mailed");
    const toRunner = mails.find((m) => m.to === t.runner.email)!;
    assert.match(toRunner.text, new RegExp(`/w/${t.workspace.slug}/inbox`));
    assert.doesNotMatch(toRunner.text, /\/approve\//, "a member gets no signed-out link");
    assert.match(mails.find((m) => m.to === "outside@example.test")!.text, /\/approve\/[A-Za-z0-9_-]{43}/);
    assert.equal(mails.every((m) => m.workspaceId === t.workspace.id), true, "the mail is in the team's outbox");

    const inbox = async (user: { id: string; email: string | null }) => (await inboxOf(db(), user)).map((i) => [i.runId, i.addressedAs]);
    assert.deepEqual(await inbox(t.runner), [[runId, "you"]]);
    assert.deepEqual(await inbox(t.admin), [[runId, "role:admin"]]);
    const [owner] = await db().select({ email: users.email }).from(users).where(eq(users.id, t.owner));
    assert.deepEqual(await inbox({ id: t.owner, email: owner!.email }), [[runId, "role:admin"]], "an owner is above admin");
    assert.deepEqual(await inbox(t.viewer), [], "a viewer can't decide");
    const stranger = await createUser(db(), "stranger");
    assert.deepEqual(await inbox({ id: stranger, email: t.runner.email }), [], "the same address outside the workspace finds nothing");
  });

  test("the runner decides from the inbox and the run goes on; a viewer's decision is refused", async () => {
    const t = await team();
    const runId = await pausedIn(t, [t.runner.email!]);
    const [item] = await inboxOf(db(), t.runner);
    await assert.rejects(memberDecide(db(), t.viewer, runId, item!.waitpointId, "approved", resumeRun), /\(viewer\) can't run or approve/);
    const stranger = await createUser(db(), "stranger");
    await assert.rejects(memberDecide(db(), { id: stranger, email: null }, runId, item!.waitpointId, "approved", resumeRun), /No such run/);
    await memberDecide(db(), t.runner, runId, item!.waitpointId, "approved", resumeRun);
    await settleActive();
    const run = await getRun(db(), runId);
    assert.equal(run.status, "completed");
    assert.deepEqual(await inboxOf(db(), t.runner), []);
  });

  test("a quorum counts each member's answer from the inbox as one vote; the run goes on when the votes decide", async () => {
    const t = await team();
    const runId = await pausedIn(t, [t.runner.email!, t.admin.email!], 2);
    const [item] = await inboxOf(db(), t.runner);
    assert.equal(await memberDecide(db(), t.runner, runId, item!.waitpointId, "approved", resumeRun), "voted");
    assert.equal((await getRun(db(), runId)).status, "paused", "one of two approvals");
    assert.deepEqual(await inboxOf(db(), t.runner), [], "answered: off the runner's list");
    assert.equal((await inboxOf(db(), t.admin)).length, 1, "still on the admin's");
    await assert.rejects(memberDecide(db(), t.runner, runId, item!.waitpointId, "approved", resumeRun), /already answered/);
    assert.equal(await memberDecide(db(), t.admin, runId, item!.waitpointId, "approved", resumeRun), "decided");
    await settleActive();
    const run = await getRun(db(), runId);
    assert.equal(run.status, "completed");
    const result = run.result as { outputs: { result?: { decidedBy?: string } } };
    assert.equal(result.outputs.result?.decidedBy, `${t.runner.email}, ${t.admin.email}`);
  });
});
