/**
 * The run service's side of runs executed on Trigger.dev (TRIGGER_SECRET_KEY set; see
 * docs/trigger-dev.md): start the coordinator task for a run row, complete a paused run's wait
 * token after its waitpoint row was closed, cancel the coordinator. The SDK is loaded only here.
 */
import { eq } from "drizzle-orm";
import { runs } from "@/lib/db/schema";
import type { Db } from "@/lib/db/types";
import type { RunTrigger as EngineTrigger } from "@/lib/engine";
import { RunServiceError } from "./errors";
import { describeError } from "./log";
import { finishRun } from "./store";

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

/** Hands a decided waitpoint to the waiting coordinator. */
export async function completeTriggerWaitpoint(tokenId: string | null, payload: { waitpointId: string; input: unknown; decidedBy: string }): Promise<void> {
  if (!tokenId) throw new RunServiceError("conflict", "The run on Trigger.dev is not waiting on this waitpoint yet; try again in a moment");
  const { wait } = await import("@trigger.dev/sdk");
  await wait.completeToken(tokenId, payload);
}

/** Cancels the coordinator; it records the run as cancelled. */
export async function cancelOnTrigger(db: Db, runId: string): Promise<void> {
  const [row] = await db.select({ triggerRunId: runs.triggerRunId }).from(runs).where(eq(runs.id, runId));
  if (!row?.triggerRunId) throw new RunServiceError("conflict", "The run has not reached Trigger.dev yet; try again in a moment");
  const { runs: triggerRuns } = await import("@trigger.dev/sdk");
  await triggerRuns.cancel(row.triggerRunId);
}
