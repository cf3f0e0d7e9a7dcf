// The authorization matrix's role dimension (issue 16): every credentialed route (test/api/matrix.ts,
// each with the capability it needs) × every workspace role × a session and an API key of that
// role, in a team workspace, plus a stranger from another workspace. A member whose role has the
// capability gets what the owner gets; one without it gets 403 with the reason; a stranger 404.
// Each call gets a fresh workflow and paused run, since some routes change them (cancel, delete).
import { test } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { runs, workflows, workspaceMembers } from "../../lib/db/schema";
import type { Db } from "../../lib/db/types";
import { createApiKey } from "../../lib/auth/api-keys";
import { settleActive } from "../../lib/runs/active";
import { startWorkflowRun } from "../../lib/runs/service";
import { changeRole, createTeamWorkspace } from "../../lib/workspaces/members";
import { can, type WorkspaceRole } from "../../lib/workspaces/roles";
import { createUser, edge, node, workflow } from "../runs/helpers";
import { describeEachAppDb, sessionCookie } from "./support";
import { CALLER_ROUTES, SAME_ORIGIN_JSON, type Ids } from "./matrix";

const ROLES: WorkspaceRole[] = ["owner", "admin", "editor", "runner", "viewer"];
const inputs = { type: "object", properties: { size: { type: "integer" } } };
const paused = workflow("ask", [node("t", "trigger"), node("ask", "human_input", { reason: "size?" }), node("o", "output", { name: "answer", value: "{{ask.userInput.size}}" })], [edge("t", "ask"), edge("ask", "o")], { inputs });

type Team = { id: string; slug: string; owner: string; members: Record<WorkspaceRole, string> };

async function team(db: Db): Promise<Team> {
  const owner = await createUser(db, "owner");
  const workspace = await createTeamWorkspace(db, owner, "Team");
  const members = { owner } as Record<WorkspaceRole, string>;
  for (const role of ROLES.filter((r) => r !== "owner")) {
    members[role] = await createUser(db, role);
    await db.insert(workspaceMembers).values({ workspaceId: workspace.id, userId: members[role], role });
  }
  return { id: workspace.id, slug: workspace.slug, owner, members };
}

/** A workflow of the team and a run of it waiting at `ask`. */
async function fixture(db: Db, t: Team): Promise<Ids> {
  const workflowId = crypto.randomUUID();
  await db.insert(workflows).values({ id: workflowId, ownerId: t.owner, workspaceId: t.id, name: paused.name, definition: paused });
  const started = await startWorkflowRun(db, { userId: t.owner }, workflowId, {}, "manual");
  await started.done;
  return { workflowId, runId: started.run.id, workspace: t.slug };
}

describeEachAppDb("role matrix", (db) => {
  test("every route × role (session and key) × own workspace and a stranger's: allowed as the owner, else 403 with the reason, strangers 404", async () => {
    const t = await team(db());
    const stranger = await createUser(db(), "stranger");
    const keys = {} as Record<WorkspaceRole, string>;
    for (const role of ROLES) keys[role] = (await createApiKey(db(), { userId: t.owner }, t.id, `${role} key`, role === "owner" ? "admin" : role)).key;
    const session = async (userId: string) => ({ cookie: await sessionCookie(userId), ...SAME_ORIGIN_JSON });

    for (const check of CALLER_ROUTES) {
      const route = `${check.method} ${check.route}`;
      const owner = await check.request(await fixture(db(), t), await session(t.owner));
      // Past the credential checks: any answer but 401/403 (an embedded run has no Trigger.dev token: 404).
      assert.ok(owner.status !== 401 && owner.status !== 403, `${route} as the owner: ${owner.status}`);
      await owner.body?.cancel(); // the events route streams
      for (const role of ROLES) {
        const callers: [string, Record<string, string>, WorkspaceRole][] = [
          [`${role} (session)`, await session(t.members[role]), role],
          // The owner's key can be at most admin: a key never owns.
          [`${role} key`, { authorization: `Bearer ${keys[role]}` }, role === "owner" ? "admin" : role],
        ];
        for (const [who, headers, acting] of callers) {
          const response = await check.request(await fixture(db(), t), headers);
          const streaming = (response.headers.get("content-type") ?? "").startsWith("text/event-stream");
          const body = streaming || response.status === 204 ? {} : ((await response.json()) as { error?: string });
          if (streaming) await response.body?.cancel();
          const label = `${route} as ${who}: ${JSON.stringify(body)}`;
          if (can(acting, check.capability)) {
            assert.equal(response.status, owner.status, label);
          } else {
            assert.equal(response.status, 403, label);
            assert.match(body.error ?? "", new RegExp(`^Your role in this workspace \\(${acting}\\) can't `), label);
          }
        }
      }
      // Another workspace's member: the team's things are unknown to them.
      const ids = await fixture(db(), t);
      const response = await check.request(ids, await session(stranger));
      assert.equal(response.status, 404, `${route} as a stranger`);
      await response.body?.cancel();
    }
    await settleActive();
    const untouched = await db().select({ status: runs.status }).from(runs).where(eq(runs.workspaceId, t.id));
    assert.ok(untouched.length > 0);
  });

  test("a key acts with its role, never above its creator's current role, and in its own workspace only", async () => {
    const t = await team(db());
    const { key } = await createApiKey(db(), { userId: t.members.admin }, t.id, "admin's key", "admin");
    const patch = CALLER_ROUTES.find((r) => r.method === "PATCH")!;
    assert.equal((await patch.request(await fixture(db(), t), { authorization: `Bearer ${key}` })).status, 200);
    // The creator is made a viewer: within the key cache's 5 s the key still passes its own role
    // check, but its capped role is read from the membership on every request.
    await changeRole(db(), t.owner, t.id, t.members.admin, "viewer");
    const demoted = await patch.request(await fixture(db(), t), { authorization: `Bearer ${key}` });
    assert.equal(demoted.status, 403);
    assert.match(((await demoted.json()) as { error: string }).error, /\(viewer\) can't edit/);
    // A key of another workspace (the owner's personal one) never reaches the team.
    const other = await createTeamWorkspace(db(), t.owner, "Elsewhere");
    const elsewhere = (await createApiKey(db(), { userId: t.owner }, other.id, "elsewhere", "admin")).key;
    assert.equal((await patch.request(await fixture(db(), t), { authorization: `Bearer ${elsewhere}` })).status, 404);
    // Nobody makes a key above their own role.
    await assert.rejects(createApiKey(db(), { userId: t.members.editor }, t.id, "too much", "admin"), /can't manage this workspace|can't do more than you/);
    await settleActive();
  });
});
