// Trigger.dev's limits: at most 1,000 items per batch (a bigger wave is split), a batch refused for
// the rate limit is retried after the time the platform names, and a run whose batches keep being
// refused fails with the platform's reason (the coordinator throws, its onFailure closes the row).
import assert from "node:assert/strict";
import { test } from "node:test";
import type { NodeTask } from "../../lib/engine";
import type { Db } from "../../lib/db/types";
import { retryRateLimited, type TriggerPlatform } from "../../lib/runs/trigger/platform";
import { createTriggerRuntime, MAX_BATCH_ITEMS } from "../../lib/runs/trigger/runtime";
import { onExecuteWorkflowFailure } from "../../trigger/execute-workflow";
import { describeEachDb } from "../support/db";
import { edge, getRun, node, workflow } from "../runs/helpers";
import { createStoredRun, withTriggerSession } from "./harness";

const task = (i: number): NodeTask => ({
  runId: "run_l",
  key: { nodeId: `n${i}`, path: [] },
  instance: `n${i}`,
  attemptStartedAt: 0,
  nodeId: `n${i}`,
  type: "variable",
  attempt: 1,
  config: {},
  scope: {},
  triggerPayload: null,
  delayMs: 0,
});

const rateLimitError = (retryAfterMs?: number) =>
  Object.assign(new Error("Rate limit exceeded"), { name: "BatchTriggerError", isRateLimited: true, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });

const done: TriggerPlatform["batchExecuteNodes"] = async (items) => items.map((item, i) => ({ ok: true as const, id: `c${i}`, output: { key: item.payload.task.key, kind: "done" as const, output: i } }));
const tokens = { createToken: async () => ({ id: "t" }), forToken: async () => ({ ok: true as const, output: null }) };

test("a wave of 1,500 attempts goes out as batches of 1,000 and 500", async () => {
  const sizes: number[] = [];
  const runtime = createTriggerRuntime({ platform: { ...tokens, batchExecuteNodes: (items) => (sizes.push(items.length), done(items)) } });
  runtime.dispatch(Array.from({ length: 1500 }, (_, i) => task(i)));
  const first = await runtime.next();
  const second = await runtime.next();
  assert.deepEqual(sizes, [MAX_BATCH_ITEMS, 500]);
  assert.equal(first.length + second.length, 1500);
  assert.equal(runtime.inFlight(), 0);
});

test("a rate-limited batch is retried after the time the platform names; other errors are not retried", async () => {
  let calls = 0;
  const slept: number[] = [];
  const limited = retryRateLimited(
    { ...tokens, batchExecuteNodes: async (items) => (++calls <= 2 ? Promise.reject(rateLimitError(calls === 1 ? 250 : undefined)) : done(items)) },
    [11, 22, 33],
    async (ms) => void slept.push(ms),
  );
  const results = await limited.batchExecuteNodes([{ payload: { task: task(1) }, idempotencyKey: "k" }]);
  assert.equal(results.length, 1);
  assert.equal(calls, 3);
  assert.deepEqual(slept, [250, 22], "the platform's retry-after first, then the backoff");

  const failing = retryRateLimited({ ...tokens, batchExecuteNodes: async () => Promise.reject(new Error("payload too large")) }, [1], async () => assert.fail("no retry"));
  await assert.rejects(failing.batchExecuteNodes([]), /payload too large/);

  const always = retryRateLimited({ ...tokens, batchExecuteNodes: async () => Promise.reject(rateLimitError(0)) }, [1, 1], async () => undefined);
  await assert.rejects(always.batchExecuteNodes([]), /kept refusing the batch .* rate limit \(3 tries\): Rate limit exceeded/);
});

describeEachDb("a run whose batches are always rate limited", (getTestDb) => {
  test("fails with the platform's reason and its row is closed", async () => {
    const db = getTestDb().handle.db as Db;
    const { runId } = await createStoredRun(db, workflow("limited", [node("t", "trigger"), node("o", "output", { name: "x", value: "1" })], [edge("t", "o")]));
    await withTriggerSession(
      db,
      async ({ start }) => {
        const error = await start(runId).then(
          () => assert.fail("the coordinator must fail"),
          (e: unknown) => e,
        );
        assert.match(String(error), /rate limit/);
        await onExecuteWorkflowFailure({ runId }, error);
      },
      { platform: (p) => ({ ...p, batchExecuteNodes: async () => Promise.reject(rateLimitError(0)) }) },
    );
    const run = await getRun(db, runId);
    assert.equal(run.status, "failed");
    assert.match((run.error as { message: string }).message, /coordinator failed: .*Trigger\.dev kept refusing the batch .*rate limit.*Rate limit exceeded/);
  });
});
