// A 1,500-node fan-out on the Trigger.dev path, with waves of up to 1,000 attempts
// (FLOWMAESTRO_TRIGGER_WAVE_SIZE): the batches stay within the platform's 1,000 items (the
// stand-in refuses more), and the run completes with every node done.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { fanOut } from "../../bench/definitions";
import type { Db } from "../../lib/db/types";
import { describeEachDb } from "../support/db";
import { getRun } from "../runs/helpers";
import { createStoredRun, withTriggerSession } from "./harness";
import { PLATFORM_LIMITS } from "./stand-in";

let previous: string | undefined;
before(() => {
  previous = process.env.FLOWMAESTRO_TRIGGER_WAVE_SIZE;
  process.env.FLOWMAESTRO_TRIGGER_WAVE_SIZE = "5000"; // more than a batch may hold: capped at 1,000
});
after(() => {
  if (previous === undefined) delete process.env.FLOWMAESTRO_TRIGGER_WAVE_SIZE;
  else process.env.FLOWMAESTRO_TRIGGER_WAVE_SIZE = previous;
});

describeEachDb("a 1,500-node fan-out on Trigger.dev", (getTestDb) => {
  test("goes out in batches of at most 1,000 and completes", async () => {
    const db = getTestDb().handle.db as Db;
    const { runId } = await createStoredRun(db, fanOut(1500, 0));
    await withTriggerSession(db, async ({ standIn, start }) => {
      const outcome = await start(runId);
      assert.equal(outcome.status, "completed");
      assert.ok(Math.max(...standIn.batches) <= PLATFORM_LIMITS.batchItems, `batches ${standIn.batches.join(", ")}`);
      assert.deepEqual(standIn.batches, [1, 1000, 500, 1]);
      assert.deepEqual(standIn.violations, []);
    });
    const run = await getRun(db, runId);
    assert.equal(run.status, "completed");
    assert.deepEqual(run.outputs, { done: true });
  });
});
