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
import { activeRuns } from "../../lib/runs/active";
import { ensureWebhookSecret } from "../../lib/runs/webhooks";
import { startWorkflowRun } from "../../lib/runs/service";
import { deleteSecret, listSecrets, setSecret } from "../../lib/secrets/store";
import { createUser, createWorkflowRow, edge, node, workflow } from "../runs/helpers";
import { call, describeEachAppDb, json, sessionCookie } from "./support";
import { cancelRoute, eventsRoute, hooksRoute, rerunRoute, resumeRoute, runRoute, startRuns, triggerTokenRoute } from "./routes";

const root = join(import.meta.dirname, "../..");

type Ids = { workflowId: string; runId: string; webhookSecret: string };
type Check = { route: string; method: string; request: (ids: Ids, headers: Record<string, string>) => Promise<Response> };

/** Routes that check the caller with resolveCaller (session or API key). */
const CALLER_ROUTES: Check[] = [
  { route: "app/api/workflows/[id]/runs/route.ts", method: "POST", request: (ids, h) => call(startRuns.POST, `/api/workflows/${ids.workflowId}/runs`, { id: ids.workflowId }, json({ inputs: {} }, h)) },
  { route: "app/api/runs/[id]/route.ts", method: "GET", request: (ids, h) => call(runRoute.GET, `/api/runs/${ids.runId}`, { id: ids.runId }, { headers: h }) },
  { route: "app/api/runs/[id]/cancel/route.ts", method: "POST", request: (ids, h) => call(cancelRoute.POST, `/api/runs/${ids.runId}/cancel`, { id: ids.runId }, { method: "POST", headers: h }) },
  { route: "app/api/runs/[id]/resume/route.ts", method: "POST", request: (ids, h) => call(resumeRoute.POST, `/api/runs/${ids.runId}/resume`, { id: ids.runId }, json({ nodeId: "ask", input: { size: 1 } }, h)) },
  { route: "app/api/runs/[id]/rerun/route.ts", method: "POST", request: (ids, h) => call(rerunRoute.POST, `/api/runs/${ids.runId}/rerun`, { id: ids.runId }, json({}, h)) },
  { route: "app/api/runs/[id]/events/route.ts", method: "GET", request: (ids, h) => call(eventsRoute.GET, `/api/runs/${ids.runId}/events`, { id: ids.runId }, { headers: h }) },
  { route: "app/api/runs/[id]/trigger-token/route.ts", method: "GET", request: (ids, h) => call(triggerTokenRoute.GET, `/api/runs/${ids.runId}/trigger-token`, { id: ids.runId }, { headers: h }) },
];

/** Routes whose credential is something else, or that are public by design, and where that is tested. */
const OTHER_ROUTES: Record<string, string> = {
  "app/api/hooks/[workflowId]/[secret]/route.ts": "the URL's secret is the credential: a wrong secret is 404 (below)",
  "app/api/workflows/route.ts": "foundation: session only (Auth.js in the request scope); 401 and 404 in e2e/auth.spec.ts and e2e/workflows.spec.ts",
  "app/api/workflows/[id]/route.ts": "foundation: session only; user B gets 404 for GET/PATCH/DELETE in e2e/workflows.spec.ts",
  "app/api/auth/[...nextauth]/route.ts": "Auth.js's own endpoints (sign-in, session): public by design",
  "app/api/health/route.ts": "public health check, no user data",
  "app/api/share/[token]/route.ts": "the share token is the credential (read-only, secrets masked): approvals/share tests",
  "app/api/share/[token]/events/route.ts": "the share token is the credential (read-only event stream): approvals/share tests",
  "app/approve/[token]/decide/route.ts": "the approval link's token is the credential (single use, same-origin POST): approvals tests",
};

/** Server actions: each asks requireUser() first, then calls an owner-scoped function tested below with user B. */
const SERVER_ACTIONS: Record<string, string[]> = {
  "app/(app)/settings/actions.ts": ["createApiKeyAction", "revokeApiKeyAction", "setSecretAction", "deleteSecretAction"],
  "lib/runs/actions.ts": ["startRunAction", "webhookUrlAction"],
  "app/(app)/workflows/actions.ts": ["createWorkflowAction", "renameWorkflowAction", "deleteWorkflowAction"],
  "app/(app)/workflows/[id]/editor-actions.ts": ["validateDefinition", "saveDefinition"],
  "app/(app)/workflows/[id]/run-actions.ts": ["listRunsAction", "nodeRunDetailAction"],
  // user B against lib/workflows/version-history.ts: test/canvas/history-versions.test.ts
  "app/(app)/workflows/[id]/version-actions.ts": ["listVersionsAction", "versionDefinitionAction", "saveVersionAction"],
  "lib/approvals/actions.ts": ["runShareStateAction", "ownerDecideAction", "setSharingAction"],
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
  const paused = workflow("ask", [node("t", "trigger"), node("ask", "human_input", { reason: "size?" }), node("o", "output", { name: "answer", value: "{{ask.userInput.size}}" })], [edge("t", "ask"), edge("ask", "o")]);

  test("user B, no credentials and a revoked key get 404/401 on every route; A gets through", async () => {
    const a = await createUser(db(), "a");
    const b = await createUser(db(), "b");
    const workflowId = await createWorkflowRow(db(), a, paused);
    const started = await startWorkflowRun(db(), a, workflowId, {}, "manual");
    await started.done;
    const ids: Ids = { workflowId, runId: started.run.id, webhookSecret: (await ensureWebhookSecret(db(), a, workflowId))! };
    const liveKey = (await createApiKey(db(), a, "live")).key;
    const revoked = await createApiKey(db(), a, "revoked");
    assert.ok(await revokeApiKey(db(), a, revoked.apiKey.id));
    const bKey = (await createApiKey(db(), b, "b's")).key;
    const callers = {
      "user B (session)": { headers: { cookie: await sessionCookie(b) }, status: 404 },
      "user B (API key)": { headers: { authorization: `Bearer ${bKey}` }, status: 404 },
      "no credentials": { headers: {}, status: 401 },
      "a revoked API key": { headers: { authorization: `Bearer ${revoked.key}` }, status: 401 },
      "a made-up API key": { headers: { authorization: `Bearer fm_${"x".repeat(43)}` }, status: 401 },
      "A's session for a deleted user": { headers: { cookie: await sessionCookie("no-such-user") }, status: 401 },
    };
    const runsBefore = await db().select().from(runs);
    for (const check of CALLER_ROUTES) {
      for (const [who, { headers, status }] of Object.entries(callers)) {
        const response = await check.request(ids, headers);
        assert.equal(response.status, status, `${check.method} ${check.route} as ${who}`);
        const body = (await response.json()) as { error?: string };
        assert.ok(body.error, `${check.method} ${check.route} as ${who}: a message`);
      }
    }
    assert.equal((await db().select().from(runs)).length, runsBefore.length, "no run was created");
    assert.equal((await db().select().from(runs).where(eq(runs.id, ids.runId)))[0].status, "paused", "the run was not touched");

    // Owner A: a session and a live key both work.
    const asA = { cookie: await sessionCookie(a) };
    const byKey = { authorization: `Bearer ${liveKey}` };
    assert.equal((await CALLER_ROUTES[1].request(ids, asA)).status, 200);
    const events = await CALLER_ROUTES[5].request(ids, byKey);
    assert.equal(events.status, 200);
    assert.match(events.headers.get("content-type") ?? "", /text\/event-stream/);
    await events.body?.cancel();
    const resume = await CALLER_ROUTES[3].request(ids, byKey);
    assert.equal(resume.status, 202, await resume.clone().text());
    await activeRuns.get(ids.runId)?.done;
    const rerun = await CALLER_ROUTES[4].request(ids, asA);
    assert.equal(rerun.status, 202);
    const { runId: rerunId } = (await rerun.json()) as { runId: string };
    await activeRuns.get(rerunId)?.done;
    const cancel = await CALLER_ROUTES[2].request({ ...ids, runId: rerunId }, byKey);
    assert.equal(cancel.status, 200);
    assert.equal((await CALLER_ROUTES[6].request(ids, byKey)).status, 404, "trigger-token: not a Trigger.dev run");
    const start = await CALLER_ROUTES[0].request(ids, byKey);
    assert.equal(start.status, 202);
    const { runId: apiRun } = (await start.json()) as { runId: string };
    assert.equal((await db().select().from(runs).where(eq(runs.id, apiRun)))[0].trigger, "api");
    await activeRuns.get(apiRun)?.done;
    assert.ok((await listApiKeys(db(), a)).find((k) => k.name === "live")?.lastUsedAt, "a used key records when");
  });

  test("webhooks: a wrong secret or someone else's workflow id is 404 and starts nothing", async () => {
    const a = await createUser(db(), "a");
    const hooked = workflow("hook", [node("hook", "webhook"), node("o", "output", { name: "x", value: "{{hook.body.x}}" })], [edge("hook", "o")]);
    const workflowId = await createWorkflowRow(db(), a, hooked);
    const secret = (await ensureWebhookSecret(db(), a, workflowId))!;
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
    const key = await createApiKey(db(), a, "k");
    await setSecret(db(), a, "TOKEN", "value-of-a");
    const [secret] = await listSecrets(db(), a);
    assert.equal(await revokeApiKey(db(), b, key.apiKey.id), false, "revokeApiKeyAction");
    assert.equal(await deleteSecret(db(), b, secret.id), false, "deleteSecretAction");
    assert.deepEqual(await listSecrets(db(), b), [], "secrets page");
    assert.deepEqual(await listApiKeys(db(), b), [], "api keys page");
    assert.equal(await ensureWebhookSecret(db(), b, workflowId), null, "webhookUrlAction");
    await assert.rejects(startWorkflowRun(db(), b, workflowId, {}, "manual"), /No such workflow/, "startRunAction");
    await setSecret(db(), b, "TOKEN", "value-of-b"); // same name, another user: a separate row
    assert.equal((await db().select().from(secretsTable).where(eq(secretsTable.name, "TOKEN"))).length, 2);
    assert.equal((await db().select().from(workflows).where(eq(workflows.id, workflowId)))[0].ownerId, a);
  });
});
