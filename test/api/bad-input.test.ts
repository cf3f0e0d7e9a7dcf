// Bad input to the run routes: non-JSON, wrong types, oversize bodies, unknown ids. Each gets
// 400/404/409/413 with a message that names the problem, and nothing is stored.
import { test } from "node:test";
import assert from "node:assert/strict";
import { runs, waitpoints } from "../../lib/db/schema";
import { createApiKey } from "../../lib/auth/api-keys";
import { personalWorkspaceOf } from "../../lib/workspaces/members";
import { MAX_JSON_BYTES } from "../../lib/http/json";
import { activeRuns } from "../../lib/runs/active";
import { startWorkflowRun } from "../../lib/runs/service";
import { ensureWebhookSecret } from "../../lib/runs/webhooks";
import { createUser, createWorkflowRow, edge, node, workflow } from "../runs/helpers";
import { call, describeEachAppDb, json } from "./support";
import { cancelRoute, eventsRoute, hooksRoute, rerunRoute, resumeRoute, runRoute, startRuns } from "./routes";

describeEachAppDb("bad input to the run routes", (db) => {
  const definition = workflow(
    "typed",
    [node("t", "trigger"), node("ask", "human_input", { reason: "size?", expectedSchema: { type: "object", properties: { size: { type: "integer" } }, required: ["size"] } }), node("hook", "webhook"), node("o", "output", { value: "{{ask.userInput.size}}" })],
    [edge("t", "ask"), edge("ask", "o")],
    { inputs: { type: "object", properties: { n: { type: "number" } }, required: ["n"] } },
  );

  test("each refusal says what and where; nothing is stored", { timeout: 30_000 }, async () => {
    const user = await createUser(db());
    const { key } = await createApiKey(db(), { userId: user }, await personalWorkspaceOf(db(), user), "bad-input", "admin");
    const auth = { authorization: `Bearer ${key}` };
    const workflowId = await createWorkflowRow(db(), user, definition);
    const paused = await startWorkflowRun(db(), { userId: user }, workflowId, { n: 1 }, "api");
    await paused.done;
    const runId = paused.run.id;
    const countRuns = async () => (await db().select().from(runs)).length;
    const before = await countRuns();
    const start = (body: string | unknown, query = "") => call(startRuns.POST, `/api/workflows/${workflowId}/runs${query}`, { id: workflowId }, json(body, auth));
    const resume = (body: string | unknown, id = runId) => call(resumeRoute.POST, `/api/runs/${id}/resume`, { id }, json(body, auth));

    const cases: [string, () => Promise<Response>, number, RegExp][] = [
      ["start: not JSON", () => start("{inputs:"), 400, /not valid JSON/],
      ["start: inputs is not an object", () => start({ inputs: "x" }), 400, /^inputs: /],
      ["start: unknown field", () => start({ inputs: {}, extra: 1 }), 400, /extra|Unrecognized/],
      ["start: inputs fail the workflow's schema", () => start({ inputs: { n: "one" } }), 400, /inputs/],
      ["start: a JSON array", () => start([1]), 400, /\(body\)/],
      ["start: oversize body", () => start(JSON.stringify({ inputs: { big: "x".repeat(MAX_JSON_BYTES) } })), 413, /larger than/],
      ["start: wait=maybe", () => start({ inputs: { n: 1 } }, "?wait=maybe"), 400, /wait/],
      ["start: unknown workflow", () => call(startRuns.POST, "/api/workflows/nope/runs", { id: "nope" }, json({ inputs: {} }, auth)), 404, /No such workflow/],
      ["resume: neither nodeId nor waitpointId", () => resume({ input: {} }), 400, /exactly one of nodeId and waitpointId/],
      ["resume: both", () => resume({ nodeId: "ask", waitpointId: "wp_x", input: {} }), 400, /exactly one/],
      ["resume: nodeId is a number", () => resume({ nodeId: 3 }), 400, /^nodeId: /],
      ["resume: input refused by the node's schema", () => resume({ nodeId: "ask", input: { size: "big" } }), 400, /input/],
      ["resume: node without a waitpoint", () => resume({ nodeId: "o", input: {} }), 404, /no open waitpoint/],
      ["resume: empty body", () => call(resumeRoute.POST, `/api/runs/${runId}/resume`, { id: runId }, { method: "POST", headers: auth }), 400, /empty|JSON/],
      ["resume: unknown run", () => resume({ nodeId: "ask", input: { size: 1 } }, "run_doesnotexist"), 404, /No such run/],
      ["resume: not a run id", () => resume({ nodeId: "ask", input: { size: 1 } }, "../../etc"), 404, /No such run/],
      ["rerun: fromFailed is a string", () => call(rerunRoute.POST, `/api/runs/${runId}/rerun`, { id: runId }, json({ fromFailed: "yes" }, auth)), 400, /^fromFailed: /],
      ["rerun: fromFailed on a paused run", () => call(rerunRoute.POST, `/api/runs/${runId}/rerun`, { id: runId }, json({ fromFailed: true }, auth)), 409, /failed/],
      ["cancel: unknown run", () => call(cancelRoute.POST, "/api/runs/run_nope/cancel", { id: "run_nope" }, { method: "POST", headers: auth }), 404, /No such run/],
      ["result: unknown run", () => call(runRoute.GET, "/api/runs/run_nope", { id: "run_nope" }, { headers: auth }), 404, /No such run/],
      ["events: Last-Event-ID is not a number", () => call(eventsRoute.GET, `/api/runs/${runId}/events`, { id: runId }, { headers: { ...auth, "last-event-id": "abc" } }), 400, /Last-Event-ID/],
    ];
    // An empty body (zero-length stream) means "no options", not bad JSON.
    const emptyRerun = await call(rerunRoute.POST, `/api/runs/${runId}/rerun`, { id: runId }, { method: "POST", headers: auth, body: "" });
    assert.equal(emptyRerun.status, 202);
    const { runId: rerunId } = (await emptyRerun.json()) as { runId: string };
    await activeRuns.get(rerunId)?.done;
    const before2 = await countRuns();
    for (const [label, request, status, message] of cases) {
      const response = await request();
      const body = (await response.json()) as { error?: string };
      assert.equal(response.status, status, `${label}: ${JSON.stringify(body)}`);
      assert.match(body.error ?? "", message, label);
      assert.doesNotMatch(JSON.stringify(body), /\bat \w+ \(|node_modules/, `${label}: no stack trace`);
    }
    assert.equal(await countRuns(), before2, "no run was stored");
    assert.equal(before2, before + 1);
    const [wp] = await db().select().from(waitpoints);
    assert.equal(wp.status, "open", "the refused resumes did not spend the waitpoint");

    const secret = (await ensureWebhookSecret(db(), { userId: user }, workflowId))!;
    const big = await call(hooksRoute.POST, `/api/hooks/${workflowId}/${secret}`, { workflowId, secret }, json("x".repeat(MAX_JSON_BYTES + 1)));
    assert.equal(big.status, 413);
    assert.equal(await countRuns(), before2);
  });

  test("?wait=true answers with the run result, or 202 with the run URL after the bound", { timeout: 30_000 }, async () => {
    const user = await createUser(db());
    const { key } = await createApiKey(db(), { userId: user }, await personalWorkspaceOf(db(), user), "wait", "admin");
    const auth = { authorization: `Bearer ${key}` };
    const quick = await createWorkflowRow(db(), user, workflow("quick", [node("t", "trigger"), node("o", "output", { name: "n", value: "{{inputs.n}}" })], [edge("t", "o")]));
    const done = await call(startRuns.POST, `/api/workflows/${quick}/runs?wait=true`, { id: quick }, json({ inputs: { n: 3 } }, auth));
    assert.equal(done.status, 200);
    const result = (await done.json()) as { status: string; outputs: unknown; runId: string };
    assert.equal(result.status, "completed");
    assert.deepEqual(result.outputs, { n: 3 });

    const slow = await createWorkflowRow(db(), user, workflow("slow", [node("t", "trigger"), node("d", "delay", { ms: 600_000 })], [edge("t", "d")]));
    process.env.FLOWMAESTRO_API_WAIT_MS = "50";
    try {
      const pending = await call(startRuns.POST, `/api/workflows/${slow}/runs?wait=true`, { id: slow }, json({}, auth));
      assert.equal(pending.status, 202);
      const body = (await pending.json()) as { runId: string; url: string };
      assert.equal(body.url, `/api/runs/${body.runId}`);
      const cancelled = await call(cancelRoute.POST, body.url + "/cancel", { id: body.runId }, { method: "POST", headers: auth });
      assert.deepEqual(await cancelled.json(), { runId: body.runId, status: "cancelled" });
      assert.equal(activeRuns.has(body.runId), false);
    } finally {
      delete process.env.FLOWMAESTRO_API_WAIT_MS;
    }
  });
});
