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
 * Cancels the coordinator (runs.cancel). A paused coordinator is suspended on its wait token and
 * never runs again once cancelled, so the app records the cancel from the run's snapshot, as
 * for an embedded run; a running one records it itself (its signal aborts).
 */
export async function cancelOnTrigger(db: Db, run: { id: string; status: string }): Promise<string> {
  const [row] = await db.select({ triggerRunId: runs.triggerRunId }).from(runs).where(eq(runs.id, run.id));
  if (!row?.triggerRunId) throw new RunServiceError("conflict", "The run has not reached Trigger.dev yet; try again in a moment");
  await triggerControl().cancelRun(row.triggerRunId);
  if (run.status !== "paused") return "cancelling";
  const owner = executionOwner();
  if (!(await claimLease(db, run.id, owner, runtimeSettings().leaseMs))) return "cancelling";
  await launchExecution(db, run.id, owner, { kind: "cancel" });
  const [after] = await db.select({ status: runs.status }).from(runs).where(eq(runs.id, run.id));
  if (after && after.status !== "cancelled") await releaseLease(db, run.id, owner);
  return after?.status ?? "cancelling";
}
