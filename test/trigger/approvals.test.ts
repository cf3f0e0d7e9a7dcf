// Approvals on a run executed on Trigger.dev, end to end through the app's own paths: the
// coordinator (task run function under runInMockTaskContext, platform calls through the stand-in)
// mails the approval links when it pauses, the approval page's decide path closes the waitpoint
// and completes the wait token (through the injectable Trigger.dev control), the run finishes;
// the owner's cancel cancels the coordinator and records the cancel; the embedded sweep never
// expires a Trigger.dev run's waitpoints.
import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { eq } from "drizzle-orm";
import { runs, waitpoints } from "../../lib/db/schema";
import type { Db } from "../../lib/db/types";
import { submitWithToken } from "../../lib/approvals/decide";
import { expireDueWaitpoints } from "../../lib/runs/recovery";
import { cancelRunById, resumeRun } from "../../lib/runs/service";
import { setTriggerControl, type TriggerControl } from "../../lib/runs/trigger/control";
import type { TokenDecision } from "../../lib/runs/trigger/contract";
import { describeEachDb } from "../support/db";
import { approvalFlow, mailedTokens, SAME } from "../approvals/helpers";
import { getRun } from "../runs/helpers";
import { createStoredRun, withTriggerSession } from "./harness";
import type { StandIn } from "./stand-in";

/** The app's calls to Trigger.dev, answered by the stand-in (and recorded). */
function controlOver(standIn: StandIn) {
  const completed: { tokenId: string; data: TokenDecision }[] = [];
  const cancelled: string[] = [];
  const control: TriggerControl = {
    async completeToken(tokenId, data) {
      completed.push({ tokenId, data });
      standIn.completeToken(tokenId, data);
    },
    async cancelRun(triggerRunId) {
      cancelled.push(triggerRunId);
    },
    async retrieveRun() {
      return { status: "WAITING" };
    },
  };
  setTriggerControl(control);
  return { completed, cancelled };
}

afterEach(() => setTriggerControl(null));

describeEachDb("approvals on Trigger.dev runs", (getTestDb) => {
  const db = () => getTestDb().handle.db as Db;

  test("the paused coordinator mails the links; the link's decision completes the token and the run finishes", async () => {
    const { runId } = await createStoredRun(db(), approvalFlow({ message: "Ship {{run.id}}?", approvers: "a@example.test, b@example.test", timeout: "1h" }));
    await withTriggerSession(db(), async ({ standIn, start }) => {
      const calls = controlOver(standIn);
      const finished = start(runId);
      const tokenId = await standIn.nextTokenWait();
      assert.equal((await getRun(db(), runId)).status, "paused");
      const links = await mailedTokens(db(), runId);
      assert.deepEqual([...links.keys()].sort(), ["a@example.test", "b@example.test"], "one link per approver, as on the embedded runtime");
      const [wp] = await db().select().from(waitpoints).where(eq(waitpoints.runId, runId));
      assert.equal(wp.triggerTokenId, tokenId);

      // The embedded sweep leaves a Trigger.dev run's due waitpoint to the token's own timeout.
      await db().update(waitpoints).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(waitpoints.id, wp.id));
      assert.deepEqual(await expireDueWaitpoints(db()), []);
      assert.equal((await db().select().from(waitpoints).where(eq(waitpoints.id, wp.id)))[0].status, "open");
      await db().update(waitpoints).set({ expiresAt: wp.expiresAt }).where(eq(waitpoints.id, wp.id));

      const decided = await submitWithToken(db(), { token: links.get("b@example.test")!, decision: "approved", values: {}, ...SAME }, resumeRun);
      assert.equal(decided.ok, true, JSON.stringify(decided));
      assert.equal(calls.completed.length, 1);
      assert.equal(calls.completed[0].tokenId, tokenId);
      assert.equal(calls.completed[0].data.waitpointId, wp.id);
      assert.equal(calls.completed[0].data.decidedBy, "b@example.test");

      const outcome = await finished;
      assert.equal(outcome.status, "completed");
      const run = await getRun(db(), runId);
      assert.equal(run.status, "completed");
      const result = (run.outputs as { result: { decision: string; decidedBy: string } }).result;
      assert.equal(result.decision, "approved");
      assert.equal(result.decidedBy, "b@example.test");
      const [closed] = await db().select().from(waitpoints).where(eq(waitpoints.id, wp.id));
      assert.equal(closed.status, "decided");
      // A second link finds the waitpoint decided; nothing more reaches Trigger.dev.
      const again = await submitWithToken(db(), { token: links.get("a@example.test")!, decision: "rejected", values: {}, ...SAME }, resumeRun);
      assert.equal(again.ok, false);
      assert.equal(calls.completed.length, 1);
      assert.deepEqual(standIn.violations, []);
    });
  });

  test("the owner's cancel of a paused run cancels the coordinator and records the run as cancelled", async () => {
    const { runId, ownerId } = await createStoredRun(db(), approvalFlow({ message: "Ship?" }));
    await withTriggerSession(db(), async ({ standIn, start }) => {
      const calls = controlOver(standIn);
      // The platform cancels the suspended coordinator: it never comes back (not awaited).
      void start(runId);
      await standIn.nextTokenWait();
      await assert.rejects(cancelRunById(db(), { userId: ownerId }, runId), /not reached Trigger.dev yet/, "no Trigger.dev run id on the row yet");
      await db().update(runs).set({ triggerRunId: "run_trig123" }).where(eq(runs.id, runId));
      const cancelled = await cancelRunById(db(), { userId: ownerId }, runId);
      assert.deepEqual(calls.cancelled, ["run_trig123"]);
      assert.equal(cancelled.status, "cancelled");
      assert.equal((await getRun(db(), runId)).status, "cancelled");
      const [wp] = await db().select().from(waitpoints).where(eq(waitpoints.runId, runId));
      assert.equal(wp.status, "cancelled");
      assert.deepEqual(standIn.violations, []);
    });
  });
});
