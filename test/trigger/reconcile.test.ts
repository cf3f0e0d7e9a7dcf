// No run row left open when its coordinator ends without writing it: the coordinator's onFailure
// closes the row with the error; the app's sweep asks the platform (runs.retrieve, through the
// app's control port) about stale open rows and closes them with the platform's final status and
// reason; a cancel while the coordinator is suspended in a wave closes the row at once.
import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { eq } from "drizzle-orm";
import { runs } from "../../lib/db/schema";
import type { Db } from "../../lib/db/types";
import { cancelRunById } from "../../lib/runs/service";
import { setTriggerControl, type PlatformRun, type TriggerControl } from "../../lib/runs/trigger/control";
import { NO_RESULT_REASON, reconcileTriggerRuns } from "../../lib/runs/trigger/reconcile";
import { onExecuteWorkflowFailure } from "../../trigger/execute-workflow";
import { describeEachDb } from "../support/db";
import { edge, getRun, node, workflow } from "../runs/helpers";
import { createStoredRun, withTriggerSession } from "./harness";

const twoNodes = () => workflow("two", [node("t", "trigger"), node("o", "output", { name: "x", value: "{{inputs.x}}" })], [edge("t", "o")]);

function fakeControl(statuses: Record<string, PlatformRun>): TriggerControl & { retrieved: string[]; cancelled: string[] } {
  const retrieved: string[] = [];
  const cancelled: string[] = [];
  return {
    retrieved,
    cancelled,
    async completeToken() {},
    async cancelRun(id) {
      cancelled.push(id);
    },
    async retrieveRun(id) {
      retrieved.push(id);
      const run = statuses[id];
      if (!run) throw new Error(`no run ${id}`);
      return run;
    },
  };
}

afterEach(() => setTriggerControl(null));

describeEachDb("reconciling Trigger.dev runs", (getTestDb) => {
  const db = () => getTestDb().handle.db as Db;

  test("a coordinator that throws leaves its row open; onFailure closes it failed with the error", async () => {
    const { runId } = await createStoredRun(db(), twoNodes(), { x: 1 });
    await withTriggerSession(
      db(),
      async ({ start }) => {
        await assert.rejects(start(runId), /platform refused the batch/);
        assert.ok(["pending", "running"].includes((await getRun(db(), runId)).status), "the throw itself closes nothing");
        await onExecuteWorkflowFailure({ runId }, new Error("platform refused the batch"));
      },
      { platform: (p) => ({ ...p, batchExecuteNodes: async () => Promise.reject(new Error("platform refused the batch")) }) },
    );
    const run = await getRun(db(), runId);
    assert.equal(run.status, "failed");
    assert.match((run.error as { message: string }).message, /coordinator failed: .*platform refused the batch/);
    assert.ok(run.finishedAt);
    assert.equal(run.leaseOwner, null);
  });

  test("the sweep closes stale open rows with the platform's final status and reason, and leaves live ones", async () => {
    const old = new Date(Date.now() - 60 * 60 * 1000);
    const rows: Record<string, { status: string; trig: string | null; updatedAt: Date }> = {};
    const make = async (label: string, status: string, trig: string | null, updatedAt = old) => {
      const { runId } = await createStoredRun(db(), twoNodes());
      await db().update(runs).set({ status: status as never, triggerRunId: trig, updatedAt }).where(eq(runs.id, runId));
      rows[label] = { status, trig, updatedAt };
      return runId;
    };
    const ids = {
      crashed: await make("crashed", "running", "run_crashed"),
      timedOut: await make("timedOut", "paused", "run_timed_out"),
      cancelled: await make("cancelled", "running", "run_cancelled"),
      completed: await make("completed", "running", "run_completed"),
      waiting: await make("waiting", "paused", "run_waiting"),
      fresh: await make("fresh", "running", "run_fresh", new Date()),
      neverSent: await make("neverSent", "pending", null),
      done: await make("done", "completed", "run_done"),
    };
    const control = fakeControl({
      run_crashed: { status: "CRASHED", error: { message: "Out of memory" } },
      run_timed_out: { status: "TIMED_OUT", error: { message: "maxDuration reached" } },
      run_cancelled: { status: "CANCELED" },
      run_completed: { status: "COMPLETED" },
      run_waiting: { status: "WAITING" },
    });
    const closed = await reconcileTriggerRuns(db(), { control, graceMs: 10 * 60 * 1000 });
    assert.deepEqual(new Set(closed.map((c) => c.runId)), new Set([ids.crashed, ids.timedOut, ids.cancelled, ids.completed, ids.neverSent]));
    assert.ok(!control.retrieved.includes("run_fresh"), "a row written within the grace period is not asked about");
    assert.ok(!control.retrieved.includes("run_done"), "a finished row is not asked about");

    const status = async (id: string) => {
      const run = await getRun(db(), id);
      return { status: run.status, message: (run.error as { message?: string } | null)?.message ?? "" };
    };
    const crashed = await status(ids.crashed);
    assert.equal(crashed.status, "failed");
    assert.match(crashed.message, /CRASHED.*Out of memory/);
    const timedOut = await status(ids.timedOut);
    assert.equal(timedOut.status, "failed");
    assert.match(timedOut.message, /TIMED_OUT.*maxDuration reached/);
    assert.equal((await status(ids.cancelled)).status, "cancelled");
    const completed = await status(ids.completed);
    assert.equal(completed.status, "failed");
    assert.match(completed.message, new RegExp(NO_RESULT_REASON));
    assert.match((await status(ids.neverSent)).message, /never reached Trigger\.dev/);
    assert.equal((await status(ids.waiting)).status, "paused");
    assert.equal((await status(ids.fresh)).status, "running");
    assert.equal((await status(ids.done)).status, "completed");
    // A second sweep finds nothing more to close.
    assert.deepEqual(await reconcileTriggerRuns(db(), { control, graceMs: 10 * 60 * 1000 }), []);
  });

  test("a cancel while the coordinator is suspended in a wave closes the row at once", async () => {
    const { runId, ownerId } = await createStoredRun(db(), twoNodes(), { x: 1 });
    let entered!: () => void;
    const inWave = new Promise<void>((resolve) => (entered = resolve));
    await withTriggerSession(
      db(),
      async ({ start }) => {
        // The platform cancels the suspended coordinator: it never comes back (not awaited).
        void start(runId).catch(() => undefined);
        await inWave;
        await db().update(runs).set({ triggerRunId: "run_suspended" }).where(eq(runs.id, runId));
        const control = fakeControl({});
        setTriggerControl(control);
        const cancelled = await cancelRunById(db(), { userId: ownerId }, runId);
        assert.deepEqual(control.cancelled, ["run_suspended"]);
        assert.equal(cancelled.status, "cancelled");
        assert.equal((await getRun(db(), runId)).status, "cancelled");
      },
      // Each child run of the first wave hangs: the coordinator waits in batchTriggerAndWait.
      { child: () => (entered(), new Promise(() => undefined)) },
    );
  });
});
