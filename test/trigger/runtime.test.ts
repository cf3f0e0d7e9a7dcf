// The Trigger.dev runtime adapter and the stand-in's guard: one wave per next(), results mapped
// back (a failed child run is a retryable INTERNAL error), secrets never in a payload, and a
// parallel wait refused.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { NodeTask } from "../../lib/engine";
import { ConcurrentWaitError, serialWaits, type TriggerPlatform } from "../../lib/runs/trigger/platform";
import { createTriggerRuntime, toBatchItem } from "../../lib/runs/trigger/runtime";
import { createSecretSeal } from "../../lib/runs/trigger/sealed";
import { createStandIn } from "./stand-in";

const task = (nodeId: string, scope: Record<string, unknown> = {}): NodeTask => ({
  runId: "run_t",
  key: { nodeId, path: [] },
  instance: nodeId,
  attemptStartedAt: 0,
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
  const runtime = createTriggerRuntime({ platform });
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
  const runtime = createTriggerRuntime({ platform });
  runtime.dispatch([task("a")]);
  const first = runtime.next();
  runtime.dispatch([task("b")]);
  await assert.rejects(runtime.next(), ConcurrentWaitError);
  release();
  assert.equal((await first).length, 1);
});

test("secrets stay out of child payloads: scope.env dropped, values sealed into references and back", () => {
  const seal = createSecretSeal("run_t", { API_KEY: "s3cret-value" });
  const item = toBatchItem({ ...task("a", { env: { API_KEY: "s3cret-value" }, inputs: { x: "Bearer s3cret-value" } }), config: { auth: "Basic " + Buffer.from("u:s3cret-value").toString("base64") } }, seal);
  const json = JSON.stringify(item);
  assert.doesNotMatch(json, /s3cret-value/);
  assert.ok(!json.includes(Buffer.from("s3cret-value").toString("base64").slice(0, 12)), "no base64 of it either");
  assert.equal((item.payload.task.scope as Record<string, unknown>).env, undefined);
  const back = seal.unseal(item.payload.task);
  assert.deepEqual(back.scope, { inputs: { x: "Bearer s3cret-value" } });
  assert.equal((back.config as { auth: string }).auth, "Basic " + Buffer.from("u:s3cret-value").toString("base64"));
  // A reference made up elsewhere (another run's tag) is never turned into a secret.
  const forged = JSON.stringify(item.payload).match(/⟪fm:[0-9a-f]+:API_KEY:\d+⟫/)![0].replace(/fm:[0-9a-f]+/, "fm:0000000000000000");
  assert.equal(seal.unseal(forged), forged);
  // The same attempt gets the same key (a retried coordinator gets its child run back); the next attempt another.
  assert.equal(toBatchItem(task("a")).idempotencyKey, toBatchItem(task("a")).idempotencyKey);
  assert.notEqual(toBatchItem(task("a")).idempotencyKey, toBatchItem({ ...task("a"), attempt: 2 }).idempotencyKey);
});

test("the stand-in records and refuses a parallel wait; serialWaits stops it before the platform", async () => {
  let finish!: () => void;
  const gate = new Promise<void>((resolve) => (finish = resolve));
  const standIn = createStandIn(async () => {
    await gate;
    return { key: { nodeId: "a", path: [] }, kind: "done", output: 1 };
  });
  const item = toBatchItem(task("a"));
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
