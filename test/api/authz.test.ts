// The authorization matrix: every route and server action that touches workflows, runs, events,
// secrets or keys, and what user B, a request without credentials and a revoked API key get.
// A route file under app/api (or an exported server action) missing from the tables fails here.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { eq } from "drizzle-orm";
import { runs, secrets as secretsTable, workflows } from "../../lib/db/schema";
import { createApiKey, listApiKeys, revokeApiKey } from "../../lib/auth/api-keys";
import { activeRuns, settleActive } from "../../lib/runs/active";
import { ensureWebhookSecret } from "../../lib/runs/webhooks";
import { runFromNode } from "../../lib/runs/rerun";
import { testNode } from "../../lib/runs/test-node";
import { startWorkflowRun } from "../../lib/runs/service";
import { enableSharing, setShareEmbeddable, shareState } from "../../lib/approvals/share";
import { deleteSecret, listSecrets, setSecret } from "../../lib/secrets/store";
import { recordAudit } from "../../lib/audit/record";
import { requireCapability } from "../../lib/workspaces/access";
import { personalWorkspaceOf, workspacesOf } from "../../lib/workspaces/members";
import { createUser, createWorkflowRow, edge, node, workflow } from "../runs/helpers";
import { call, describeEachAppDb, json, sessionCookie } from "./support";
import { hooksRoute } from "./routes";
import { CALLER_ROUTES, find, SAME_ORIGIN_JSON, type Ids } from "./matrix";

const root = join(import.meta.dirname, "../..");

/** Routes whose credential is something else, or that are public by design, and where that is tested. */
const OTHER_ROUTES: Record<string, string> = {
  "app/api/hooks/[workflowId]/[secret]/route.ts": "the URL's secret is the credential: a wrong secret is 404 (below)",
  "app/api/auth/[...nextauth]/route.ts": "Auth.js's own endpoints (sign-in, session): public by design",
  "app/api/health/route.ts": "public health check, no user data",
  "app/api/mcp/route.ts": "API keys only, the key owner's marked workflows: test/mcp/server.test.ts (no key, a session, another user's key)",
  "app/api/openapi.json/route.ts": "public: the API's description, no user data (test/api/openapi.test.ts)",
  "app/api/share/[token]/route.ts": "the share token is the credential (read-only, secrets masked): approvals/share tests",
  "app/api/share/[token]/events/route.ts": "the share token is the credential (read-only event stream): approvals/share tests",
  "app/approve/[token]/decide/route.ts": "the approval link's token is the credential (single use, same-origin POST): approvals tests",
};

/** Server actions: each asks requireUser() first, then calls an owner-scoped function tested below with user B. */
const SERVER_ACTIONS: Record<string, string[]> = {
  // setMcpToolAction: user B against setMcpTool, test/mcp/tools.test.ts
  "app/(app)/settings/actions.ts": ["createApiKeyAction", "revokeApiKeyAction", "setSecretAction", "deleteSecretAction", "setMcpToolAction"],
  // validatedActionWithUser; changes only the signed-in user's own password (test/auth/sessions.test.ts)
  "app/(app)/settings/account/actions.ts": ["changePasswordAction"],
  "lib/runs/actions.ts": ["startRunAction", "runFromNodeAction", "testNodeAction", "webhookUrlAction"],
  "app/(app)/workflows/actions.ts": ["createWorkflowAction", "renameWorkflowAction", "deleteWorkflowAction"],
  "app/(app)/workflows/(list)/actions.ts": ["createFromTemplateAction", "importWorkflowAction", "duplicateWorkflowAction"],
  "app/(app)/workflows/[id]/editor-actions.ts": ["validateDefinition", "saveDefinition"],
  "app/(app)/workflows/[id]/run-actions.ts": ["listRunsAction", "nodeRunDetailAction"],
  // user B against lib/workflows/version-history.ts: test/canvas/history-versions.test.ts
  "app/(app)/workflows/[id]/version-actions.ts": ["listVersionsAction", "versionDefinitionAction", "saveVersionAction"],
  // user B against lib/runs/webhook-listen.ts and regenerateWebhookSecret: test/api/webhook-listen.test.ts
  "app/(app)/workflows/[id]/webhook-actions.ts": ["webhookPanelAction", "regenerateWebhookAction", "listenWebhookAction"],
  // user B against lib/workflows/pins.ts (setPinnedOutput, pinnedOutputsOf): test/runs/run-from-node.test.ts
  "app/(app)/workflows/[id]/pin-actions.ts": ["pinOutputAction"],
  // offeredTools behind it: workflowFor(edit), test/api/action-roles.test.ts and test/mcp/client-tools.test.ts
  "app/(app)/workflows/[id]/mcp-actions.ts": ["mcpToolsAction"],
  // rerunById, user B: the rerun route's rows in CALLER_ROUTES (test/api/matrix.ts)
  "app/(app)/runs/[id]/rerun-actions.ts": ["rerunAction"],
  "app/(app)/runs/[id]/approval-actions.ts": ["runShareStateAction", "decideApprovalAction", "setSharingAction", "setShareEmbeddingAction"],
  // validatedActionWithUser; a stranger to the workspace (not_found) and a member without the role (forbidden)
  // against lib/workspaces/members.ts and invitations.ts: test/workspaces/members.test.ts
  "app/(app)/workspaces/actions.ts": ["createWorkspaceAction", "inviteAction", "revokeInvitationAction", "changeRoleAction", "removeMemberAction", "acceptInvitationAction"],
};

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(path);
    return entry.name === "route.ts" ? [relative(root, path)] : [];
  });
}

test("every route handler under app/ is in the authorization tables", () => {
  const listed = new Set([...CALLER_ROUTES.map((c) => c.route), ...Object.keys(OTHER_ROUTES)]);
  const missing = routeFiles(join(root, "app")).filter((file) => !listed.has(file));
  assert.deepEqual(missing, [], "add these routes to test/api/authz.test.ts with their checks");
});

test("every server action asks who is signed in before anything else", () => {
  const files = [...findActionFiles(join(root, "app")), ...findActionFiles(join(root, "lib"))];
  const problems: string[] = [];
  // A listed file that no longer exists (or is no longer "use server") is stale in the table.
  for (const listed of Object.keys(SERVER_ACTIONS)) if (!files.includes(listed) && existsSync(join(root, listed))) problems.push(`${listed}: listed but not a "use server" file`);
  for (const file of files) {
    if (file === "app/(auth)/actions.ts") continue; // sign-in, sign-up, sign-out: for people without a session
    const source = readFileSync(join(root, file), "utf8");
    // In a "use server" file every exported function is an action anyone can POST to.
    const exported = [...source.matchAll(/export (?:async function|const) (\w+)/g)].map((m) => m[1]);
    const listed = SERVER_ACTIONS[file] ?? [];
    if (JSON.stringify([...exported].sort()) !== JSON.stringify([...listed].sort())) problems.push(`${file}: exports ${exported.join(", ")}; SERVER_ACTIONS lists ${listed.join(", ") || "nothing"}`);
    for (const name of exported) {
      const body = source.slice(source.indexOf(`${name}`));
      const next = body.slice(1).search(/\nexport /);
      const own = next === -1 ? body : body.slice(0, next + 1);
      if (!/requireUser\(\)|validatedActionWithUser\(/.test(own)) problems.push(`${file}: ${name} does not check the user`);
    }
  }
  assert.deepEqual(problems, []);
});

function findActionFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : findActionFiles(path);
    if (!/\.tsx?$/.test(entry.name)) return [];
    return /^["']use server["']/m.test(readFileSync(path, "utf8")) ? [relative(root, path)] : [];
  });
}

describeEachAppDb("authorization matrix", (db) => {
  const inputs = { type: "object", properties: { size: { type: "integer" } } };
  const paused = workflow("ask", [node("t", "trigger"), node("ask", "human_input", { reason: "size?" }), node("o", "output", { name: "answer", value: "{{ask.userInput.size}}" })], [edge("t", "ask"), edge("ask", "o")], { inputs });

  test("user B, no credentials and bad Authorization headers get 404/401 on every route; the header never falls back to the cookie", async () => {
    const a = await createUser(db(), "a");
    const b = await createUser(db(), "b");
    const workflowId = await createWorkflowRow(db(), a, paused);
    const aWorkspace = await personalWorkspaceOf(db(), a);
    const started = await startWorkflowRun(db(), { userId: a }, workflowId, {}, "manual");
    await started.done;
    const ids: Ids = { workflowId, runId: started.run.id };
    const revoked = await createApiKey(db(), { userId: a }, aWorkspace, "revoked", "admin");
    assert.ok(await revokeApiKey(db(), aWorkspace, revoked.apiKey.id));
    const bKey = (await createApiKey(db(), { userId: b }, await personalWorkspaceOf(db(), b), "b's", "admin")).key;
    const asA = { cookie: await sessionCookie(a), ...SAME_ORIGIN_JSON };
    const callers: Record<string, { headers: Record<string, string>; status: 401 | 404 }> = {
      "user B (session)": { headers: { cookie: await sessionCookie(b), ...SAME_ORIGIN_JSON }, status: 404 },
      "user B (API key)": { headers: { authorization: `Bearer ${bKey}` }, status: 404 },
      "no credentials": { headers: {}, status: 401 },
      "a revoked API key": { headers: { authorization: `Bearer ${revoked.key}` }, status: 401 },
      "a made-up API key": { headers: { authorization: `Bearer fm_${"x".repeat(43)}` }, status: 401 },
      "A's session for a deleted user": { headers: { cookie: await sessionCookie("no-such-user"), ...SAME_ORIGIN_JSON }, status: 401 },
      // A present Authorization header decides alone: never the cookie beside it.
      "A's cookie with A's revoked key": { headers: { ...asA, authorization: `Bearer ${revoked.key}` }, status: 401 },
      "A's cookie with a Basic header": { headers: { ...asA, authorization: `Basic ${Buffer.from("a:b").toString("base64")}` }, status: 401 },
      "A's cookie with an empty Bearer": { headers: { ...asA, authorization: "Bearer" }, status: 401 },
    };
    // An entry in A's audit log, which B's GET /api/audit must not list.
    await recordAudit(db(), { ownerId: a, actor: { kind: "user", userId: a }, action: "workflow.edit", objectId: workflowId, objectLabel: "ask" });
    const runsBefore = await db().select().from(runs);
    for (const check of CALLER_ROUTES) {
      for (const [who, { headers, status }] of Object.entries(callers)) {
        const label = `${check.method} ${check.route} as ${who}`;
        const response = await check.request(ids, headers);
        const body = (await response.json()) as { error?: string; workflows?: { id: string }[]; workflow?: { id: string }; events?: { objectId: string }[] };
        if (status === 404 && !check.ownerScoped) {
          // Lists and creates are B's own: B sees and makes only B's workflows.
          assert.equal(response.status, check.method === "POST" ? 201 : 200, label);
          if (body.workflows) assert.ok(!body.workflows.some((w) => w.id === workflowId), `${label}: A's workflow is not listed`);
          if (body.events) assert.ok(!body.events.some((e) => e.objectId === workflowId), `${label}: A's audit log is not listed`);
          if (body.workflow) assert.equal((await db().select().from(workflows).where(eq(workflows.id, body.workflow.id)))[0].ownerId, b, label);
          continue;
        }
        assert.equal(response.status, status, `${label}: ${JSON.stringify(body)}`);
        assert.ok(body.error, `${label}: a message`);
      }
    }
    assert.equal((await db().select().from(runs)).length, runsBefore.length, "no run was created");
    assert.equal((await db().select().from(runs).where(eq(runs.id, ids.runId)))[0].status, "paused", "the run was not touched");
    const aWorkflows = await db().select().from(workflows).where(eq(workflows.ownerId, a));
    assert.deepEqual(aWorkflows.map((w) => [w.id, w.name]), [[workflowId, "ask"]], "A's workflow was neither renamed, deleted nor joined by another");
  });

  test("owner A gets through every route with a session or a live API key", async () => {
    const a = await createUser(db(), "a");
    const workflowId = await createWorkflowRow(db(), a, paused);
    const aWorkspace = await personalWorkspaceOf(db(), a);
    const started = await startWorkflowRun(db(), { userId: a }, workflowId, {}, "manual");
    await started.done;
    const ids: Ids = { workflowId, runId: started.run.id };
    const liveKey = (await createApiKey(db(), { userId: a }, aWorkspace, "live", "admin")).key;
    const asA = { cookie: await sessionCookie(a), ...SAME_ORIGIN_JSON };
    const byKey = { authorization: `Bearer ${liveKey}` };

    assert.equal((await find("app/api/runs/[id]/route.ts", "GET").request(ids, asA)).status, 200);
    const events = await find("app/api/runs/[id]/events/route.ts", "GET").request(ids, byKey);
    assert.equal(events.status, 200);
    assert.match(events.headers.get("content-type") ?? "", /text\/event-stream/);
    await events.body?.cancel();
    const resume = await find("app/api/runs/[id]/resume/route.ts", "POST").request(ids, byKey);
    assert.equal(resume.status, 202, await resume.clone().text());
    await activeRuns.get(ids.runId)?.done;
    const rerun = await find("app/api/runs/[id]/rerun/route.ts", "POST").request(ids, asA);
    assert.equal(rerun.status, 202);
    const { runId: rerunId } = (await rerun.json()) as { runId: string };
    await activeRuns.get(rerunId)?.done;
    const cancel = await find("app/api/runs/[id]/cancel/route.ts", "POST").request({ ...ids, runId: rerunId }, byKey);
    assert.equal(cancel.status, 200);
    assert.equal((await find("app/api/runs/[id]/trigger-token/route.ts", "GET").request(ids, byKey)).status, 404, "trigger-token: not a Trigger.dev run");
    const start = await find("app/api/workflows/[id]/runs/route.ts", "POST").request(ids, byKey);
    assert.equal(start.status, 202);
    const { runId: apiRun } = (await start.json()) as { runId: string };
    assert.equal((await db().select().from(runs).where(eq(runs.id, apiRun)))[0].trigger, "api");
    await activeRuns.get(apiRun)?.done;
    assert.ok((await listApiKeys(db(), aWorkspace)).find((k) => k.name === "live")?.lastUsedAt, "a used key records when");

    // The workflow routes take the same credentials.
    for (const headers of [byKey, asA]) {
      const list = await find("app/api/workflows/route.ts", "GET").request(ids, headers);
      assert.equal(list.status, 200);
      const { workflows: listed } = (await list.json()) as { workflows: { id: string; name: string; inputs: unknown }[] };
      assert.deepEqual(listed.find((w) => w.id === workflowId), { ...listed.find((w) => w.id === workflowId), name: "ask", inputs });
      const one = await find("app/api/workflows/[id]/route.ts", "GET").request(ids, headers);
      assert.equal(one.status, 200);
      assert.equal(((await one.json()) as { workflow: { id: string } }).workflow.id, workflowId);
      const created = await find("app/api/workflows/route.ts", "POST").request(ids, headers);
      assert.equal(created.status, 201);
      const { workflow: made } = (await created.json()) as { workflow: { id: string } };
      const renamed = await find("app/api/workflows/[id]/route.ts", "PATCH").request({ ...ids, workflowId: made.id }, headers);
      assert.equal(renamed.status, 200);
      assert.equal(((await renamed.json()) as { workflow: { name: string } }).workflow.name, "Renamed");
      const removed = await find("app/api/workflows/[id]/route.ts", "DELETE").request({ ...ids, workflowId: made.id }, headers);
      assert.equal(removed.status, 204);
    }
    const [kept] = await db().select().from(workflows).where(eq(workflows.ownerId, a));
    assert.equal(kept.id, workflowId);
  });

  test("every route lets owner A through, with a live key and with a session", async () => {
    const a = await createUser(db(), "a");
    const byKey = { authorization: `Bearer ${(await createApiKey(db(), { userId: a }, await personalWorkspaceOf(db(), a), "live", "admin")).key}` };
    const asA = { cookie: await sessionCookie(a), ...SAME_ORIGIN_JSON };
    for (const [who, headers] of [["key", byKey], ["session", asA]] as const) {
      const workflowId = await createWorkflowRow(db(), a, paused);
      const started = await startWorkflowRun(db(), { userId: a }, workflowId, {}, "manual");
      await started.done;
      const ids: Ids = { workflowId, runId: started.run.id };
      for (const check of CALLER_ROUTES) {
        const response = await check.request(ids, headers);
        const label = `${check.method} ${check.route} with A's ${who}`;
        // Past the credential checks: any answer but 401/403/404 (a cancelled run refuses resume: 409).
        if (check.route.includes("trigger-token")) assert.equal(response.status, 404, `${label}: not a Trigger.dev run`);
        else assert.ok(![401, 403, 404, 415].includes(response.status), `${label}: ${response.status} ${await response.clone().text()}`);
        await response.body?.cancel();
        await settleActive();
      }
    }
  });

  test("webhooks: a wrong secret or someone else's workflow id is 404 and starts nothing", async () => {
    const a = await createUser(db(), "a");
    const hooked = workflow("hook", [node("hook", "webhook"), node("o", "output", { name: "x", value: "{{hook.body.x}}" })], [edge("hook", "o")]);
    const workflowId = await createWorkflowRow(db(), a, hooked);
    const secret = (await ensureWebhookSecret(db(), { userId: a }, workflowId))!;
    const before = (await db().select().from(runs)).length;
    for (const [wf, s] of [[workflowId, "wrong"], [workflowId, secret.slice(0, -1) + (secret.endsWith("a") ? "b" : "a")], ["nope", secret]]) {
      const response = await call(hooksRoute.POST, `/api/hooks/${wf}/${s}`, { workflowId: wf, secret: s }, json({ x: 1 }));
      assert.equal(response.status, 404);
    }
    assert.equal((await db().select().from(runs)).length, before);
    const ok = await call(hooksRoute.POST, `/api/hooks/${workflowId}/${secret}?q=1`, { workflowId, secret }, json({ x: 5 }));
    assert.equal(ok.status, 202);
    const { runId } = (await ok.json()) as { runId: string };
    await activeRuns.get(runId)?.done;
    const [run] = await db().select().from(runs).where(eq(runs.id, runId));
    assert.deepEqual(run.outputs, { x: 5 });
    assert.equal(run.trigger, "webhook");
    assert.deepEqual((run.inputs as { query: unknown }).query, { q: "1" });
  });

  test("owner-scoped functions behind the server actions refuse user B", async () => {
    const a = await createUser(db(), "a");
    const b = await createUser(db(), "b");
    const workflowId = await createWorkflowRow(db(), a, paused);
    const aWorkspace = await personalWorkspaceOf(db(), a);
    const bWorkspace = await personalWorkspaceOf(db(), b);
    const key = await createApiKey(db(), { userId: a }, aWorkspace, "k", "admin");
    await setSecret(db(), aWorkspace, a, "TOKEN", "value-of-a");
    const [secret] = await listSecrets(db(), aWorkspace);
    // The settings actions act in a workspace of the signed-in user's (actionWorkspace): never A's for B.
    assert.ok(!(await workspacesOf(db(), b)).some((w) => w.id === aWorkspace), "A's workspace is not one of B's");
    await assert.rejects(requireCapability(db(), { userId: b }, aWorkspace, "admin"), /No such workspace/, "B has no role in A's workspace");
    assert.equal(await revokeApiKey(db(), bWorkspace, key.apiKey.id), null, "revokeApiKeyAction");
    assert.equal(await deleteSecret(db(), bWorkspace, secret.id), null, "deleteSecretAction");
    assert.deepEqual(await listSecrets(db(), bWorkspace), [], "secrets page");
    assert.deepEqual(await listApiKeys(db(), bWorkspace), [], "api keys page");
    assert.equal(await ensureWebhookSecret(db(), { userId: b }, workflowId), null, "webhookUrlAction");
    await assert.rejects(startWorkflowRun(db(), { userId: b }, workflowId, {}, "manual"), /No such workflow/, "startRunAction");
    const run = await startWorkflowRun(db(), { userId: a }, workflowId, {}, "manual");
    await run.done;
    await assert.rejects(runFromNode(db(), { userId: b }, workflowId, "t", { runId: run.run.id }), /No such workflow/, "runFromNodeAction");
    await assert.rejects(testNode(db(), { userId: b }, workflowId, "t"), /No such workflow/, "testNodeAction");
    await enableSharing(db(), { userId: a }, run.run.id);
    await assert.rejects(setShareEmbeddable(db(), { userId: b }, run.run.id, true), /No such shared run/, "setShareEmbeddingAction");
    assert.deepEqual(await shareState(db(), { userId: b }, run.run.id), { shared: false, embeddable: false }, "runShareStateAction");
    assert.ok(await revokeApiKey(db(), aWorkspace, key.apiKey.id), "A's key was left live by B's attempt");
    assert.equal((await listSecrets(db(), aWorkspace)).length, 1, "A's secret was left by B's attempt");
    await setSecret(db(), bWorkspace, b, "TOKEN", "value-of-b"); // same name, another workspace: a separate row
    assert.equal((await db().select().from(secretsTable).where(eq(secretsTable.name, "TOKEN"))).length, 2);
    assert.equal((await db().select().from(workflows).where(eq(workflows.id, workflowId)))[0].ownerId, a);
  });
});
