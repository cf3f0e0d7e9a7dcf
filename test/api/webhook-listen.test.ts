// Webhook tooling behind the node panel: listen for a test event (the next request is stored on
// the workflow, no run), regenerate the secret (the old URL is 404), and user B gets nothing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { runs } from "../../lib/db/schema";
import { activeRuns } from "../../lib/runs/active";
import { captureTestEvent, LISTEN_MS, listenState, startListening, stopListening } from "../../lib/runs/webhook-listen";
import { ensureWebhookSecret, regenerateWebhookSecret } from "../../lib/runs/webhooks";
import { createUser, createWorkflowRow, edge, node, workflow } from "../runs/helpers";
import { call, describeEachAppDb, json } from "./support";
import { hooksRoute } from "./routes";

const hooked = workflow("hook", [node("hook", "webhook"), node("o", "output", { name: "x", value: "{{hook.body.x}}" })], [edge("hook", "o")]);

describeEachAppDb("webhook listen and regenerate", (db) => {
  const post = (workflowId: string, secret: string, body: unknown, headers: Record<string, string> = {}, query = "") =>
    call(hooksRoute.POST, `/api/hooks/${workflowId}/${secret}${query}`, { workflowId, secret }, json(body, headers));
  const runCount = async (workflowId: string) => (await db().select().from(runs).where(eq(runs.workflowId, workflowId))).length;

  test("while listening, the next request is captured (credentials left out) and starts no run; the one after runs", async () => {
    const a = await createUser(db(), "a");
    const workflowId = await createWorkflowRow(db(), a, hooked);
    const secret = (await ensureWebhookSecret(db(), { userId: a }, workflowId))!;
    assert.deepEqual(await listenState(db(), { userId: a }, workflowId), { listening: false, listenUntil: null, event: null });
    assert.equal(await startListening(db(), { userId: a }, workflowId), true);
    assert.equal((await listenState(db(), { userId: a }, workflowId))?.listening, true);

    const captured = await post(workflowId, secret, { x: 7 }, { authorization: "Bearer s3cret", cookie: "a=b", "x-custom": "yes" }, "?q=1");
    assert.equal(captured.status, 200);
    assert.equal(((await captured.json()) as { test?: boolean }).test, true);
    assert.equal(await runCount(workflowId), 0);
    const state = (await listenState(db(), { userId: a }, workflowId))!;
    assert.equal(state.listening, false, "one request disarms the flag");
    assert.deepEqual(state.event?.body, { x: 7 });
    assert.deepEqual(state.event?.query, { q: "1" });
    assert.equal(state.event?.headers["x-custom"], "yes");
    assert.equal(state.event?.headers.authorization, undefined);
    assert.equal(state.event?.headers.cookie, undefined);

    const real = await post(workflowId, secret, { x: 8 });
    assert.equal(real.status, 202);
    const { runId } = (await real.json()) as { runId: string };
    await activeRuns.get(runId)?.done;
    const [run] = await db().select().from(runs).where(eq(runs.id, runId));
    assert.deepEqual(run.outputs, { x: 8 });
    assert.deepEqual((await listenState(db(), { userId: a }, workflowId))?.event?.body, { x: 7 }, "the test event stays for the panel");
  });

  test("an expired or stopped listen captures nothing; a new listen forgets the old event", async () => {
    const a = await createUser(db(), "a");
    const workflowId = await createWorkflowRow(db(), a, hooked);
    const payload = { body: 1, headers: {}, query: {} };
    const past = new Date(Date.now() - LISTEN_MS - 1000);
    await startListening(db(), { userId: a }, workflowId, past);
    assert.equal((await listenState(db(), { userId: a }, workflowId))?.listening, false);
    assert.equal(await captureTestEvent(db(), workflowId, payload), false);
    await startListening(db(), { userId: a }, workflowId);
    assert.equal(await stopListening(db(), { userId: a }, workflowId), true);
    assert.equal(await captureTestEvent(db(), workflowId, payload), false);
    await startListening(db(), { userId: a }, workflowId);
    assert.equal(await captureTestEvent(db(), workflowId, payload), true);
    assert.equal((await listenState(db(), { userId: a }, workflowId))?.event?.body, 1);
    await startListening(db(), { userId: a }, workflowId);
    assert.equal((await listenState(db(), { userId: a }, workflowId))?.event, null);
  });

  test("regenerating the secret: the old URL is 404, the new one runs", async () => {
    const a = await createUser(db(), "a");
    const workflowId = await createWorkflowRow(db(), a, hooked);
    const old = (await ensureWebhookSecret(db(), { userId: a }, workflowId))!;
    const fresh = (await regenerateWebhookSecret(db(), { userId: a }, workflowId))!;
    assert.notEqual(fresh, old);
    assert.equal((await post(workflowId, old, { x: 1 })).status, 404);
    const ok = await post(workflowId, fresh, { x: 2 });
    assert.equal(ok.status, 202);
    await activeRuns.get(((await ok.json()) as { runId: string }).runId)?.done;
    assert.equal(await runCount(workflowId), 1);
  });

  test("user B can't listen, read, stop or regenerate A's webhook", async () => {
    const a = await createUser(db(), "a");
    const b = await createUser(db(), "b");
    const workflowId = await createWorkflowRow(db(), a, hooked);
    const secret = (await ensureWebhookSecret(db(), { userId: a }, workflowId))!;
    assert.equal(await startListening(db(), { userId: b }, workflowId), false);
    assert.equal(await stopListening(db(), { userId: b }, workflowId), false);
    assert.equal(await listenState(db(), { userId: b }, workflowId), null);
    assert.equal(await regenerateWebhookSecret(db(), { userId: b }, workflowId), null);
    assert.equal((await listenState(db(), { userId: a }, workflowId))?.listening, false, "B's listen armed nothing");
    assert.equal(await ensureWebhookSecret(db(), { userId: a }, workflowId), secret, "B's regenerate changed nothing");
  });
});
