// The webhook node's `response` setting (a project addition): the status and body its URL
// answers with at once, templates resolved from the run id and the request; 202 by default.
import { test } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { runs } from "../../lib/db/schema";
import { activeRuns } from "../../lib/runs/active";
import { ensureWebhookSecret } from "../../lib/runs/webhooks";
import { createUser, createWorkflowRow, edge, node, workflow } from "../runs/helpers";
import { call, describeEachAppDb, json } from "./support";
import { hooksRoute } from "./routes";

const hookedWith = (response?: unknown) =>
  workflow("hook", [node("hook", "webhook", response === undefined ? {} : { response }), node("o", "output", { name: "x", value: "{{hook.body.x}}" })], [edge("hook", "o")]);

describeEachAppDb("webhook response setting", (db) => {
  async function callWith(response: unknown, query = "") {
    const a = await createUser(db(), "a");
    const workflowId = await createWorkflowRow(db(), a, hookedWith(response));
    const secret = (await ensureWebhookSecret(db(), { userId: a }, workflowId))!;
    const answer = await call(hooksRoute.POST, `/api/hooks/${workflowId}/${secret}${query}`, { workflowId, secret }, json({ x: 3 }));
    const rows = await db().select().from(runs).where(eq(runs.workflowId, workflowId));
    for (const row of rows) await activeRuns.get(row.id)?.done;
    return { answer, runIds: rows.map((r) => r.id) };
  }

  test("no setting: 202 with the run id and status", async () => {
    const { answer, runIds } = await callWith(undefined);
    assert.equal(answer.status, 202);
    assert.deepEqual(await answer.json(), { runId: runIds[0], status: "running" });
  });

  test("a status and a JSON body with {{run.id}} and {{request.…}} resolved; the run still completes", async () => {
    const { answer, runIds } = await callWith({ status: 200, body: { ok: true, run: "{{run.id}}", got: "{{request.body.x}}", q: "{{request.query.q}}" } }, "?q=hi");
    assert.equal(answer.status, 200);
    assert.deepEqual(await answer.json(), { ok: true, run: runIds[0], got: 3, q: "hi" });
    const [run] = await db().select().from(runs).where(eq(runs.id, runIds[0]));
    assert.equal(run.status, "completed");
    assert.deepEqual(run.outputs, { x: 3 });
  });

  test("a text body answers text/plain; 204 answers no body", async () => {
    const text = await callWith({ status: 201, body: "accepted as {{run.id}}" });
    assert.equal(text.answer.status, 201);
    assert.match(text.answer.headers.get("content-type") ?? "", /^text\/plain/);
    assert.equal(await text.answer.text(), `accepted as ${text.runIds[0]}`);
    const empty = await callWith({ status: 204, body: "ignored" });
    assert.equal(empty.answer.status, 204);
    assert.equal(await empty.answer.text(), "");
  });

  test("a status outside 200–299 is refused with its path and starts nothing", async () => {
    const { answer, runIds } = await callWith({ status: 500 });
    assert.ok(answer.status >= 400 && answer.status < 500, `status ${answer.status}`);
    assert.match(await answer.text(), /nodes\[0\]\.config\.response\.status/);
    assert.deepEqual(runIds, []);
  });
});
