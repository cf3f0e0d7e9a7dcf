/**
 * The run service's side of runs executed on Trigger.dev (TRIGGER_SECRET_KEY set; see
 * docs/trigger-dev.md): start the coordinator task for a run row, complete a paused run's wait
 * token after its waitpoint row was closed, cancel the coordinator. The SDK is loaded only here.
 */
import { eq } from "drizzle-orm";
import { runs } from "@/lib/db/schema";
import type { Db } from "@/lib/db/types";
import type { RunTrigger as EngineTrigger } from "@/lib/engine";
import { executionOwner, runtimeSettings } from "./config";
import { RunServiceError } from "./errors";
import { launchExecution } from "./execute";
import { describeError } from "./log";
import { claimLease, finishRun, releaseLease } from "./store";
import { triggerControl } from "./trigger/control";

export { triggerEnabled } from "./trigger/start";

/** Starts execute-workflow for the run; on failure the run is recorded as failed and the caller told. */
export async function startOnTriggerOrFail(db: Db, runId: string, trigger: EngineTrigger): Promise<void> {
  try {
    const { startOnTrigger } = await import("./trigger/start");
    await startOnTrigger(runId, { db, trigger });
  } catch (error) {
    const message = `Trigger.dev did not accept the run: ${describeError(error)}`;
    await finishRun(db, runId, { status: "failed", error: { message, nodeId: "" } });
    throw new RunServiceError("conflict", message);
  }
}

/**
 * Hands a decided waitpoint to the waiting coordinator (the row is closed already). No token yet
 * (the coordinator has not reached its wait): nothing to complete, it finds the decided row
 * when it gets there (lib/runs/trigger/waiting.ts).
 */
export async function completeTriggerWaitpoint(tokenId: string | null, payload: { waitpointId: string; input: unknown; decidedBy: string }): Promise<void> {
  if (!tokenId) return;
  try {
    await triggerControl().completeToken(tokenId, payload);
  } catch (error) {
    throw new RunServiceError("conflict", `The decision was recorded, but Trigger.dev was not told: ${describeError(error)}`);
  }
}

/**
 * Cancels the coordinator (runs.cancel) and records the cancel from the run's snapshot, as for an
 * embedded run, whatever the run's status. A coordinator suspended on its wait token (paused) or
 * on a wave's batchTriggerAndWait (running) never runs again once cancelled: the platform ends it
 * without running any hook, so nobody else would close the row. A coordinator executing right now
 * sees its signal abort, but its lease is taken over here (force), so its last writes are fenced off.
 */
export async function cancelOnTrigger(db: Db, run: { id: string; status: string }): Promise<string> {
  const [row] = await db.select({ triggerRunId: runs.triggerRunId }).from(runs).where(eq(runs.id, run.id));
  if (!row?.triggerRunId) throw new RunServiceError("conflict", "The run has not reached Trigger.dev yet; try again in a moment");
  await triggerControl().cancelRun(row.triggerRunId);
  const owner = executionOwner();
  const claimed = await claimLease(db, run.id, owner, runtimeSettings().leaseMs, { force: true });
  if (!claimed) return "cancelling";
  // Ended meanwhile (the coordinator finished first): nothing to cancel.
  if (["completed", "failed", "cancelled"].includes(claimed.status)) {
    await releaseLease(db, run.id, owner);
    return claimed.status;
  }
  await launchExecution(db, run.id, owner, { kind: "cancel" });
  const [after] = await db.select({ status: runs.status }).from(runs).where(eq(runs.id, run.id));
  if (after && after.status !== "cancelled") await releaseLease(db, run.id, owner);
  return after?.status ?? "cancelling";
}
