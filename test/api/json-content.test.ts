// JSON content that can't be stored: \u0000 (PostgreSQL refuses it), lone surrogates in strings or
// keys, nesting past MAX_JSON_DEPTH, bytes that are not UTF-8. Each is a 400 naming the path and
// the reason, on every route that stores a body, and nothing is stored. Both databases.
import { test } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { runs, workflows } from "../../lib/db/schema";
import { createApiKey } from "../../lib/auth/api-keys";
import { personalWorkspaceOf } from "../../lib/workspaces/members";
import { MAX_JSON_DEPTH } from "../../lib/http/json";
import { activeRuns } from "../../lib/runs/active";
import { startWorkflowRun } from "../../lib/runs/service";
import { ensureWebhookSecret } from "../../lib/runs/webhooks";
import { createUser, createWorkflowRow, edge, node, workflow } from "../runs/helpers";
import { call, describeEachAppDb, json } from "./support";
import { hooksRoute, rerunRoute, resumeRoute, startRuns, workflowRoute, workflowsRoute } from "./routes";

/** `levels` nested arrays around 1: "[[1]]" is 2 levels. */
const nested = (levels: number) => "[".repeat(levels) + "1" + "]".repeat(levels);

describeEachAppDb("JSON content that can't be stored", (db) => {
  const definition = workflow(
    "content",
    [node("t", "trigger"), node("hook", "webhook"), node("ask", "human_input", { reason: "?" }), node("o", "output", { name: "got", value: "{{inputs}}" })],
    [edge("t", "ask"), edge("ask", "o")],
  );

  test("\\u0000, lone surrogates (values and keys) and deep nesting are 400 with a path on every body route", { timeout: 60_000 }, async () => {
    const user = await createUser(db());
    const { key } = await createApiKey(db(), { userId: user }, await personalWorkspaceOf(db(), user), "content", "admin");
    const auth = { authorization: `Bearer ${key}` };
    const workflowId = await createWorkflowRow(db(), user, definition);
    const paused = await startWorkflowRun(db(), { userId: user }, workflowId, {}, "api");
    await paused.done;
    const runId = paused.run.id;
    const secret = (await ensureWebhookSecret(db(), { userId: user }, workflowId))!;
    const before = { runs: (await db().select().from(runs)).length, workflows: await db().select().from(workflows) };

    const start = (text: string) => call(startRuns.POST, `/api/workflows/${workflowId}/runs`, { id: workflowId }, json(text, auth));
    const resume = (text: string) => call(resumeRoute.POST, `/api/runs/${runId}/resume`, { id: runId }, json(text, auth));
    const rerun = (text: string) => call(rerunRoute.POST, `/api/runs/${runId}/rerun`, { id: runId }, json(text, auth));
    const create = (text: string) => call(workflowsRoute.POST, "/api/workflows", {}, json(text, auth));
    const rename = (text: string) => call(workflowRoute.PATCH, `/api/workflows/${workflowId}`, { id: workflowId }, { ...json(text, auth), method: "PATCH" });
    const hook = (text: string, query = "", type = "application/json") => call(hooksRoute.POST, `/api/hooks/${workflowId}/${secret}${query}`, { workflowId, secret }, json(text, { "content-type": type }));

    const tooDeep = nested(10_000);
    const cases: [string, () => Promise<Response>, string, RegExp][] = [
      ["start: \\u0000 in an input", () => start('{"inputs":{"note":"a\\u0000b"}}'), "inputs.note", /\\u0000/],
      ["start: lone high surrogate", () => start('{"inputs":{"note":"x\\ud800"}}'), "inputs.note", /lone UTF-16 surrogate/],
      ["start: lone low surrogate in a key", () => start('{"inputs":{"\\udc00k":1}}'), "inputs.\udc00k", /key.*lone UTF-16 surrogate/],
      ["start: surrogates in reverse order", () => start('{"inputs":{"list":["ok","\\ude00\\ud83d"]}}'), "inputs.list.1", /surrogate/],
      ["start: 10,000 levels deep", () => start(`{"inputs":{"deep":${tooDeep}}}`), `inputs.deep${".0".repeat(MAX_JSON_DEPTH - 2)}`, /deeper than 64 levels/],
      ["resume: \\u0000 in the input", () => resume('{"nodeId":"ask","input":{"a":["\\u0000"]}}'), "input.a.0", /\\u0000/],
      ["resume: too deep", () => resume(`{"nodeId":"ask","input":${tooDeep}}`), `input${".0".repeat(MAX_JSON_DEPTH - 1)}`, /deeper/],
      ["rerun: lone surrogate", () => rerun('{"fromFailed":"\\udfff"}'), "fromFailed", /surrogate/],
      ["create: \\u0000 in the name", () => create('{"name":"a\\u0000"}'), "name", /\\u0000/],
      ["create: a bare deep array", () => create(tooDeep), "0" + ".0".repeat(MAX_JSON_DEPTH - 1), /deeper/],
      ["rename: lone surrogate in the name", () => rename('{"name":"\\ud800"}'), "name", /surrogate/],
      ["webhook: \\u0000 in a JSON body", () => hook('{"x":"\\u0000"}'), "body.x", /\\u0000/],
      ["webhook: \\u0000 in a text body", () => hook("a\u0000b", "", "text/plain"), "body", /\\u0000/],
      ["webhook: %00 in the query", () => hook("{}", "?q=%00"), "query.q", /\\u0000/],
      ["webhook: lone surrogate key", () => hook('{"\\ud800":1}'), "body.\ud800", /key/],
      ["webhook: too deep", () => hook(`{"a":${tooDeep}}`), `body.a${".0".repeat(MAX_JSON_DEPTH - 1)}`, /deeper/],
    ];
    for (const [label, request, path, reason] of cases) {
      const response = await request();
      const body = (await response.json()) as { error?: string; issues?: { path: string; message: string }[] };
      assert.equal(response.status, 400, `${label}: ${JSON.stringify(body).slice(0, 300)}`);
      assert.equal(body.issues?.[0]?.path, path, label);
      assert.match(body.issues?.[0]?.message ?? "", reason, label);
      assert.equal(body.error, `${path}: ${body.issues?.[0]?.message}`, `${label}: the message names the path`);
    }

    // Bytes that are not UTF-8 would be silently replaced by U+FFFD: refused instead.
    const bytes = Buffer.concat([Buffer.from('{"inputs":{"x":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}}')]);
    for (const send of [
      () => call(startRuns.POST, `/api/workflows/${workflowId}/runs`, { id: workflowId }, { method: "POST", body: bytes, headers: { ...auth, "content-type": "application/json" } }),
      () => call(hooksRoute.POST, `/api/hooks/${workflowId}/${secret}`, { workflowId, secret }, { method: "POST", body: bytes, headers: { "content-type": "application/json" } }),
    ]) {
      const response = await send();
      assert.equal(response.status, 400);
      assert.match(((await response.json()) as { error: string }).error, /not valid UTF-8/);
    }

    assert.equal((await db().select().from(runs)).length, before.runs, "no run was stored");
    assert.deepEqual(await db().select().from(workflows), before.workflows, "no workflow created or renamed");
  });

  test("what is allowed is stored as sent: surrogate pairs, and exactly the depth limit", { timeout: 60_000 }, async () => {
    const user = await createUser(db());
    const { key } = await createApiKey(db(), { userId: user }, await personalWorkspaceOf(db(), user), "content", "admin");
    const workflowId = await createWorkflowRow(db(), user, definition);
    const deepest = nested(MAX_JSON_DEPTH - 2); // + the body object and "inputs": the limit exactly
    const response = await call(startRuns.POST, `/api/workflows/${workflowId}/runs`, { id: workflowId }, json(`{"inputs":{"smile":"\\ud83d\\ude00 é","deep":${deepest}}}`, { authorization: `Bearer ${key}` }));
    assert.equal(response.status, 202, await response.clone().text());
    const { runId } = (await response.json()) as { runId: string };
    await activeRuns.get(runId)?.done;
    const [run] = await db().select().from(runs).where(eq(runs.id, runId));
    assert.deepEqual(run.inputs, { smile: "😀 é", deep: JSON.parse(deepest) });
  });
});
