// The Trigger.dev runtime adapter and the stand-in's guard: one wave per next(), results mapped
// back (a failed child run is a retryable INTERNAL error), secrets never in a payload, and a
// parallel wait refused.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { NodeTask } from "../../lib/engine";
import { ConcurrentWaitError, serialWaits, type TriggerPlatform } from "../../lib/runs/trigger/platform";
import { createTriggerRuntime, toBatchItem } from "../../lib/runs/trigger/runtime";
import { createStandIn } from "./stand-in";

const task = (nodeId: string, scope: Record<string, unknown> = {}): NodeTask => ({
  runId: "run_t",
  key: { nodeId, path: [] },
  nodeId,
  type: "variable",
  attempt: 1,
  config: {},
  scope,
  triggerPayload: null,
  delayMs: 0,
});

test("next() sends everything dispatched as one batch and maps every result back", async () => {
  const sent: string[][] = [];
  const platform: TriggerPlatform = {
    async batchExecuteNodes(items) {
      sent.push(items.map((i) => i.payload.task.nodeId));
      return items.map((item, i) =>
        item.payload.task.nodeId === "bad" ? { ok: false, id: `c${i}`, error: { message: "out of memory" } } : { ok: true, id: `c${i}`, output: { key: item.payload.task.key, kind: "done", output: i } },
      );
    },
    createToken: async () => ({ id: "t" }),
    forToken: async () => ({ ok: true, output: null }),
  };
  const runtime = createTriggerRuntime({ platform, ownerId: "u1" });
  runtime.dispatch([task("a"), task("bad")]);
  runtime.dispatch([task("c")]);
  assert.equal(runtime.inFlight(), 3);
  const results = await runtime.next();
  assert.deepEqual(sent, [["a", "bad", "c"]]);
  assert.equal(runtime.waves(), 1);
  assert.equal(runtime.inFlight(), 0);
  assert.deepEqual(results[0], { key: { nodeId: "a", path: [] }, kind: "done", output: 0 });
  assert.equal(results[1].kind, "error");
  assert.ok(results[1].kind === "error" && results[1].retryable && results[1].error.code === "INTERNAL" && /c1 failed: out of memory/.test(results[1].error.message));
  assert.deepEqual(await runtime.next(), [], "nothing queued: no wave");
  assert.equal(runtime.waves(), 1);
});

test("a second next() while a wave is out throws instead of waiting twice", async () => {
  let release!: () => void;
  const platform: TriggerPlatform = {
    batchExecuteNodes: (items) => new Promise((resolve) => (release = () => resolve(items.map((it, i) => ({ ok: true, id: `c${i}`, output: { key: it.payload.task.key, kind: "done", output: null } }))))),
    createToken: async () => ({ id: "t" }),
    forToken: async () => ({ ok: true, output: null }),
  };
  const runtime = createTriggerRuntime({ platform, ownerId: null });
  runtime.dispatch([task("a")]);
  const first = runtime.next();
  runtime.dispatch([task("b")]);
  await assert.rejects(runtime.next(), ConcurrentWaitError);
  release();
  assert.equal((await first).length, 1);
});

test("secrets stay out of child payloads; the child is told whose secrets to read", () => {
  const withSecrets = toBatchItem(task("a", { env: { API_KEY: "s3cret" }, inputs: { x: 1 } }), "owner-1");
  assert.doesNotMatch(JSON.stringify(withSecrets), /s3cret/);
  assert.equal(withSecrets.payload.ownerId, "owner-1");
  assert.deepEqual(withSecrets.payload.task.scope, { inputs: { x: 1 } });
  assert.equal(toBatchItem(task("a", { env: {} }), "owner-1").payload.ownerId, null);
  // The same attempt gets the same key (a retried coordinator gets its child run back); the next attempt another.
  assert.equal(toBatchItem(task("a"), null).idempotencyKey, toBatchItem(task("a"), null).idempotencyKey);
  assert.notEqual(toBatchItem(task("a"), null).idempotencyKey, toBatchItem({ ...task("a"), attempt: 2 }, null).idempotencyKey);
});

test("the stand-in records and refuses a parallel wait; serialWaits stops it before the platform", async () => {
  let finish!: () => void;
  const gate = new Promise<void>((resolve) => (finish = resolve));
  const standIn = createStandIn(async () => {
    await gate;
    return { key: { nodeId: "a", path: [] }, kind: "done", output: 1 };
  });
  const item = toBatchItem(task("a"), null);
  const first = standIn.platform.batchExecuteNodes([item]);
  await assert.rejects(standIn.platform.forToken("x"), /TASK_DID_CONCURRENT_WAIT/);
  assert.equal(standIn.violations.length, 1);

  const guarded = serialWaits(createStandIn(async () => ({ key: { nodeId: "a", path: [] }, kind: "done", output: 1 })).platform);
  const token = await guarded.createToken({ idempotencyKey: "k" });
  const waiting = guarded.forToken(token.id);
  await assert.rejects(guarded.batchExecuteNodes([item]), ConcurrentWaitError);
  finish();
  assert.equal((await first)[0].ok, true);
  void waiting;
});
