// CSRF: a signed-in browser attaches its cookie to requests any site makes. Cookie requests that
// change something are refused unless they come from the app's own origin with a JSON content
// type; API keys (never attached by a browser) are not affected. Every route of the matrix.
import { test } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { runs, waitpoints, workflows } from "../../lib/db/schema";
import { createApiKey } from "../../lib/auth/api-keys";
import { personalWorkspaceOf } from "../../lib/workspaces/members";
import { activeRuns } from "../../lib/runs/active";
import { startWorkflowRun } from "../../lib/runs/service";
import { createUser, createWorkflowRow, edge, node, workflow } from "../runs/helpers";
import { call, describeEachAppDb, sessionCookie } from "./support";
import { resumeRoute, workflowsRoute } from "./routes";
import { APP_ORIGIN, CALLER_ROUTES, find, SAME_ORIGIN_JSON, type Ids } from "./matrix";

const EVIL = "http://evil.example";

describeEachAppDb("CSRF on cookie requests", (db) => {
  const approval = workflow("ask", [node("t", "trigger"), node("ask", "human_input", { reason: "size?" }), node("o", "output", { name: "answer", value: "{{ask.userInput.size}}" })], [edge("t", "ask"), edge("ask", "o")]);

  async function pausedRunOf(owner: string): Promise<Ids> {
    const workflowId = await createWorkflowRow(db(), owner, approval);
    const started = await startWorkflowRun(db(), { userId: owner }, workflowId, {}, "manual");
    await started.done;
    return { workflowId, runId: started.run.id };
  }

  const snapshot = async () => ({
    runs: (await db().select({ id: runs.id, status: runs.status }).from(runs)).sort((x, y) => x.id.localeCompare(y.id)),
    workflows: (await db().select({ id: workflows.id, name: workflows.name }).from(workflows)).sort((x, y) => x.id.localeCompare(y.id)),
    waitpoints: (await db().select({ id: waitpoints.id, status: waitpoints.status }).from(waitpoints)).sort((x, y) => x.id.localeCompare(y.id)),
  });

  test("the attack as measured: another site's text/plain POST with the owner's cookie resumes nothing and creates nothing", async () => {
    const a = await createUser(db(), "a");
    const ids = await pausedRunOf(a);
    const cookie = await sessionCookie(a);
    const before = await snapshot();
    const spoof = JSON.stringify({ nodeId: "ask", input: { size: 1, decidedBy: "ceo@example.com" } });
    const resume = await call(resumeRoute.POST, `/api/runs/${ids.runId}/resume`, { id: ids.runId }, { method: "POST", body: spoof, headers: { cookie, origin: EVIL, "content-type": "text/plain" } });
    assert.equal(resume.status, 403);
    assert.match(((await resume.json()) as { error: string }).error, /another site.*evil\.example/);
    const create = await call(workflowsRoute.POST, "/api/workflows", {}, { method: "POST", body: JSON.stringify({ name: "planted" }), headers: { cookie, origin: EVIL, "content-type": "text/plain" } });
    assert.equal(create.status, 403);
    assert.deepEqual(await snapshot(), before, "nothing changed");
  });

  test("every state-changing route refuses cross-origin, origin-less and non-JSON cookie requests", async () => {
    const a = await createUser(db(), "a");
    const ids = await pausedRunOf(a);
    const cookie = await sessionCookie(a);
    const refusals: [string, Record<string, string>, number][] = [
      ["Origin of another site", { origin: EVIL, "content-type": "application/json" }, 403],
      ["a look-alike host", { origin: "http://127.0.0.1.evil.example", "content-type": "application/json" }, 403],
      ["Origin: null (sandboxed frame)", { origin: "null", "content-type": "application/json" }, 403],
      ["no Origin, Sec-Fetch-Site: cross-site", { "sec-fetch-site": "cross-site", "content-type": "application/json" }, 403],
      ["no Origin, Sec-Fetch-Site: same-site", { "sec-fetch-site": "same-site", "content-type": "application/json" }, 403],
      ["neither Origin nor Sec-Fetch-Site", { "content-type": "application/json" }, 403],
      ["same origin, text/plain", { origin: APP_ORIGIN, "content-type": "text/plain" }, 415],
      ["same origin, a form post", { origin: APP_ORIGIN, "content-type": "application/x-www-form-urlencoded" }, 415],
      ["same origin, no content type", { origin: APP_ORIGIN }, 415],
    ];
    const changing = CALLER_ROUTES.filter((r) => r.method !== "GET");
    assert.equal(changing.length, 7, "every POST/PATCH/DELETE route of the matrix");
    const before = await snapshot();
    for (const check of changing) {
      for (const [label, headers, status] of refusals) {
        // json() sets application/json; a refusal case without a content type removes it.
        const response = await check.request(ids, { cookie, ...headers, ...(headers["content-type"] ? {} : { "content-type": "" }) });
        const body = (await response.json()) as { error?: string };
        assert.equal(response.status, status, `${check.method} ${check.route}, ${label}: ${JSON.stringify(body)}`);
        assert.ok(body.error, "a message");
      }
    }
    assert.deepEqual(await snapshot(), before, "nothing changed");
  });

  test("same-origin JSON with the cookie is accepted (Origin, or Sec-Fetch-Site without it, or the public host behind a proxy)", async () => {
    const a = await createUser(db(), "a");
    const ids = await pausedRunOf(a);
    const cookie = await sessionCookie(a);
    const resume = await find("app/api/runs/[id]/resume/route.ts", "POST").request(ids, { cookie, ...SAME_ORIGIN_JSON });
    assert.equal(resume.status, 202, await resume.clone().text());
    await activeRuns.get(ids.runId)?.done;
    assert.equal((await db().select().from(runs).where(eq(runs.id, ids.runId)))[0].status, "completed");

    const create = find("app/api/workflows/route.ts", "POST");
    assert.equal((await create.request(ids, { cookie, "sec-fetch-site": "same-origin", "content-type": "application/json; charset=utf-8" })).status, 201);
    assert.equal((await create.request(ids, { cookie, origin: "https://flows.example.com", "x-forwarded-host": "flows.example.com", "content-type": "application/json" })).status, 201);
    process.env.AUTH_URL = "https://flows.example.org";
    try {
      assert.equal((await create.request(ids, { cookie, origin: "https://flows.example.org", "content-type": "application/json" })).status, 201);
    } finally {
      delete process.env.AUTH_URL;
    }
    // Reading is not changing: a cross-origin GET is answered (CORS keeps the answer from the other site).
    assert.equal((await find("app/api/runs/[id]/route.ts", "GET").request(ids, { cookie, origin: EVIL })).status, 200);
  });

  test("API keys are not affected: another origin and text/plain are accepted with a key", async () => {
    const a = await createUser(db(), "a");
    const ids = await pausedRunOf(a);
    const { key } = await createApiKey(db(), { userId: a }, await personalWorkspaceOf(db(), a), "script", "admin");
    const headers = { authorization: `Bearer ${key}`, origin: EVIL, "content-type": "text/plain" };
    const resume = await find("app/api/runs/[id]/resume/route.ts", "POST").request(ids, headers);
    assert.equal(resume.status, 202, await resume.clone().text());
    await activeRuns.get(ids.runId)?.done;
    assert.equal((await find("app/api/workflows/route.ts", "POST").request(ids, headers)).status, 201);
    const removed = await find("app/api/workflows/[id]/route.ts", "DELETE").request(ids, { authorization: `Bearer ${key}`, origin: EVIL });
    assert.equal(removed.status, 204);
  });
});
