// No run row left open, through the SDK's HTTP calls against the fake Trigger.dev API: a
// coordinator that keeps throwing is retried by the platform and its onFailure closes the row; the
// owner's cancel of a paused run (runs.cancel) and a cancel while the coordinator is suspended in a
// wave (closed by the app's sweep through runs.retrieve) end with closed rows; a waitpoint whose
// deadline passes expires through the token's timeout; a token timeout already past means none.
// PostgreSQL only (the tasks refuse PGlite).
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { apiClientManager } from "@trigger.dev/core/v3";
import { runs as sdkRuns, wait } from "@trigger.dev/sdk";
import { waitpoints } from "../../lib/db/schema";
import { cancelRunById } from "../../lib/runs/service";
import { sdkControl } from "../../lib/runs/trigger/control";
import { reconcileTriggerRuns } from "../../lib/runs/trigger/reconcile";
import { approvalFlow } from "../approvals/helpers";
import { edge, getRun, node, workflow } from "../runs/helpers";
import { fakePlatformSkip, startFakeTrigger, type FakeTrigger } from "./fake-platform/harness";
import { LIMITS } from "./fake-platform/state";

const twoNodes = () => workflow("two", [node("t", "trigger"), node("o", "output", { name: "x", value: "{{inputs.x}}" })], [edge("t", "o")]);

describe("run lifecycle on Trigger.dev through the SDK and a fake API", { skip: fakePlatformSkip() }, () => {
  let fake: FakeTrigger;
  // Answers nothing: a node calling it keeps its wave (and the coordinator) waiting.
  let hanging: http.Server;
  let hangingUrl = "";
  let entered!: () => void;
  let inWave = new Promise<void>((resolve) => (entered = resolve));
  // Counts its requests and answers them when the test says so.
  let held: http.Server;
  let heldUrl = "";
  const heldRequests: http.ServerResponse[] = [];
  let heldArrived!: () => void;
  const firstHeld = new Promise<void>((resolve) => (heldArrived = resolve));

  before(async () => {
    hanging = http.createServer(() => entered());
    await new Promise<void>((resolve) => hanging.listen(0, "127.0.0.1", resolve));
    hangingUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`;
    held = http.createServer((_req, res) => {
      heldRequests.push(res);
      heldArrived();
    });
    await new Promise<void>((resolve) => held.listen(0, "127.0.0.1", resolve));
    heldUrl = `http://127.0.0.1:${(held.address() as AddressInfo).port}`;
    fake = await startFakeTrigger();
  });
  after(async () => {
    await fake?.close();
    for (const server of [hanging, held]) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  test("a coordinator that keeps throwing is retried by the platform; its onFailure closes the row failed", { timeout: 60_000 }, async () => {
    fake.server.batchSwitches.refuse = { status: 422, message: "Queue size limit reached" };
    try {
      const { runId, triggerRunId } = await fake.start(twoNodes(), { x: 1 });
      const ended = await fake.ended(triggerRunId);
      assert.equal(ended.status, "FAILED");
      assert.equal(ended.attempt, 3, "trigger.config.ts: 3 attempts");
      const run = await getRun(fake.db, runId);
      assert.equal(run.status, "failed");
      assert.match((run.error as { message: string }).message, /coordinator failed: .*Queue size limit reached/);
      assert.ok(run.finishedAt);
      assert.equal(run.leaseOwner, null);
    } finally {
      fake.server.batchSwitches.refuse = null;
    }
  });

  test("the owner's cancel of a paused run cancels the coordinator (runs.cancel) and records it", { timeout: 60_000 }, async () => {
    const { runId, ownerId, triggerRunId } = await fake.start(approvalFlow({ message: "Ship?" }));
    await fake.waitingOnToken(triggerRunId);
    assert.equal((await getRun(fake.db, runId)).status, "paused");
    // The sweep asks the platform (runs.retrieve): the run is WAITING there, so its row stays open.
    assert.deepEqual(await reconcileTriggerRuns(fake.db, { control: sdkControl, graceMs: 0 }), []);
    const cancelled = await cancelRunById(fake.db, { userId: ownerId }, runId);
    assert.equal(cancelled.status, "cancelled");
    assert.equal(fake.server.state.run(triggerRunId)?.status, "CANCELED");
    assert.equal((await getRun(fake.db, runId)).status, "cancelled");
    const [wp] = await fake.db.select().from(waitpoints).where(eq(waitpoints.runId, runId));
    assert.equal(wp.status, "cancelled");
  });

  test("a coordinator cancelled on the platform while suspended in a wave: the sweep closes its row (runs.retrieve)", { timeout: 60_000 }, async () => {
    inWave = new Promise<void>((resolve) => (entered = resolve));
    const definition = workflow("hangs", [node("t", "trigger"), node("h", "http", { method: "GET", url: `${hangingUrl}/never` }), node("o", "output", { name: "x", value: "1" })], [edge("t", "h"), edge("h", "o")]);
    const { runId, triggerRunId } = await fake.start(definition);
    await inWave;
    await fake.waitingOnBatch(triggerRunId);
    // Cancelled from the dashboard: no hook of the suspended coordinator runs, its row stays open.
    await sdkRuns.cancel(triggerRunId);
    assert.equal(fake.server.state.run(triggerRunId)?.status, "CANCELED");
    assert.equal((await getRun(fake.db, runId)).status, "running");
    const closed = await reconcileTriggerRuns(fake.db, { control: sdkControl, graceMs: 0 });
    assert.deepEqual(closed.map((c) => [c.runId, c.status]), [[runId, "cancelled"]]);
    assert.equal((await getRun(fake.db, runId)).status, "cancelled");
    assert.ok(fake.server.requests.some((r) => r.method === "GET" && r.path === `/api/v3/runs/${triggerRunId}`), "asked the platform");
  });

  test("a coordinator that crashes mid-wave is retried and gets the same child run back: the node runs once", { timeout: 90_000 }, async () => {
    const definition = workflow("crash", [node("t", "trigger"), node("h", "http", { method: "GET", url: `${heldUrl}/once` }), node("o", "output", { name: "got", value: "{{h.data.n}}" })], [edge("t", "h"), edge("h", "o")]);
    const { runId, triggerRunId } = await fake.start(definition);
    await firstHeld;
    const batchId = await fake.waitingOnBatch(triggerRunId);
    fake.server.crash(triggerRunId);
    // The node's request is answered only now: its child run completes while the coordinator is down or retrying.
    for (const res of heldRequests) res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ n: heldRequests.length }));
    const ended = await fake.ended(triggerRunId);
    assert.equal(ended.status, "COMPLETED", fake.logs());
    assert.equal(ended.attempt, 2);
    assert.equal(heldRequests.length, 1, "the http node ran once");
    const run = await getRun(fake.db, runId);
    assert.equal(run.status, "completed");
    assert.deepEqual(run.outputs, { got: 1 });
    // The retried attempt's batch named the same child run (idempotency key), not a new one.
    const child = fake.server.state.batches.get(batchId)!.runIds[0];
    const later = [...fake.server.state.batches.values()].filter((b) => b.parentRunId === triggerRunId && b.runIds.includes(child));
    assert.ok(later.length >= 2, `the child ${child} was in ${later.length} batch(es)`);
    assert.deepEqual(fake.server.state.violations, []);
  });

  test("a waitpoint whose deadline passes expires through the token's timeout", { timeout: 60_000 }, async () => {
    const { runId, triggerRunId } = await fake.start(approvalFlow({ message: "Ship?", timeout: "2s" }));
    assert.equal((await fake.ended(triggerRunId)).status, "COMPLETED", fake.logs());
    const run = await getRun(fake.db, runId);
    assert.equal(run.status, "completed");
    assert.deepEqual(run.outputs, { timedOut: "TIMEOUT" });
    const [wp] = await fake.db.select().from(waitpoints).where(eq(waitpoints.runId, runId));
    assert.equal(wp.status, "expired");
    // The coordinator waited on a token whose timeout is the deadline, and the platform timed it out.
    // (Had the deadline passed before the token was made, on a machine stalled for 2 s, the
    // coordinator would have expired the waitpoint at once, with no token: this assertion says so.)
    assert.ok(wp.triggerTokenId, "waited on a token (none: the deadline had passed before the coordinator made one)");
    const token = fake.server.state.tokens.get(wp.triggerTokenId);
    assert.equal(token?.status, "TIMED_OUT");
    assert.ok(token?.timeoutAt && Math.abs(token.timeoutAt - wp.expiresAt!.getTime()) < 1000, "the token's timeout is the waitpoint's deadline");
  });

  test("the platform's token rules: a timeout already past means none; an idempotency key returns the same token", async () => {
    const past = await wait.createToken({ timeout: new Date(Date.now() - 60_000) });
    assert.equal(fake.server.state.tokens.get(past.id)?.timeoutAt, undefined);
    assert.equal(fake.server.state.tokens.get(past.id)?.status, "WAITING");
    const first = await wait.createToken({ idempotencyKey: "same-token", timeout: "1h" });
    const again = await wait.createToken({ idempotencyKey: "same-token", timeout: "1h" });
    assert.equal(again.id, first.id);
    assert.equal(again.isCached, true);
    assert.deepEqual(fake.server.state.violations, []);
  });

  test("the fake enforces the platform's limits: 1,000 items per batch, 3 MB per item, one wait at a time", async () => {
    const api = apiClientManager.clientOrThrow();
    await assert.rejects(api.createBatch({ runCount: LIMITS.batchItems + 1 }), (error: Error & { status?: number }) => error.status === 400 && /exceeds the maximum of 1000/.test(error.message));
    const batch = await api.createBatch({ runCount: 1 });
    const huge = JSON.stringify({ blob: "x".repeat(LIMITS.itemBytes) });
    await api.streamBatchItems(batch.id, [{ index: 0, task: "execute-node", payload: huge, options: { payloadType: "application/json" } }]);
    const [childId] = fake.server.state.batches.get(batch.id)!.runIds;
    const child = await fake.ended(childId);
    assert.equal(child.status, "FAILED");
    assert.match(JSON.stringify(child.result), /PAYLOAD_TOO_LARGE/);
    // A run that waits on a batch and then on a token at the same time is refused, as the platform does.
    assert.equal(fake.server.state.beginWait(child, "batch:b1"), null);
    assert.match(fake.server.state.beginWait(child, "token:t1") ?? "", /token:t1 while batch:b1/);
    fake.server.state.violations.length = 0;
  });
});
