/**
 * Reconciliation of run rows with Trigger.dev. A coordinator that crashes, runs out of memory,
 * hits maxDuration, exhausts its retries or is cancelled while suspended never writes its run row
 * again; the row would stay pending/running/paused forever. Two things close it:
 * - the coordinator task's `onFailure` (closeAfterCoordinatorFailure), with the error it died of;
 * - the app's sweep (reconcileTriggerRuns, wired with the embedded recovery in ../worker.ts), which
 *   asks the platform (runs.retrieve) about every open Trigger.dev row untouched for a grace
 *   period, and closes the row with the platform's final status and reason.
 * A row that ended meanwhile is never overwritten (closeOpenRun only closes open rows).
 */
import { and, inArray, lt, eq } from "drizzle-orm";
import { runs } from "../../db/schema";
import type { DbOrTx } from "../../db/types";
import { describeError } from "../log";
import { closeOpenRun } from "../store";
import { wakeTriggerParent } from "./children";
import type { PlatformRun, TriggerControl } from "./control";

/** Open rows untouched for this long are checked against the platform (a coordinator writes at every checkpoint). */
export const RECONCILE_GRACE_MS = 10 * 60 * 1000;

const FAILED_STATUSES = new Set(["FAILED", "CRASHED", "SYSTEM_FAILURE", "TIMED_OUT", "EXPIRED"]);
const WHAT: Record<string, string> = {
  FAILED: "failed",
  CRASHED: "crashed (out of memory or resources)",
  SYSTEM_FAILURE: "failed in the platform",
  TIMED_OUT: "reached its maxDuration",
  EXPIRED: "expired before it started",
  CANCELED: "was cancelled",
};

export const NO_RESULT_REASON = "the coordinator ended without recording the result";

/** How a finished coordinator's row must end; null while the platform still has the run going. */
export function finalOf(triggerRunId: string, run: PlatformRun): { status: "failed" | "cancelled"; message: string } | null {
  const why = run.error?.message ? `: ${run.error.message}` : "";
  if (run.status === "COMPLETED") return { status: "failed", message: `${NO_RESULT_REASON} (Trigger.dev run ${triggerRunId} completed)` };
  if (run.status === "CANCELED") return { status: "cancelled", message: `the Trigger.dev run ${triggerRunId} ${WHAT.CANCELED}${why}` };
  if (FAILED_STATUSES.has(run.status)) return { status: "failed", message: `the Trigger.dev run ${triggerRunId} ${WHAT[run.status]} (${run.status})${why}` };
  return null;
}

/** The coordinator's onFailure: its attempts are over and the run row must not stay open. */
export async function closeAfterCoordinatorFailure(db: DbOrTx, runId: string, error: unknown, control?: TriggerControl): Promise<boolean> {
  const closed = await closeOpenRun(db, runId, { status: "failed", message: `the Trigger.dev coordinator failed: ${describeError(error)}` });
  if (closed?.parentRunId) await wakeTriggerParent(db, runId, control);
  return closed !== null;
}

export interface ReconcileOptions {
  control: TriggerControl;
  graceMs?: number;
  now?: Date;
}

export interface Reconciled {
  runId: string;
  status: "failed" | "cancelled";
  message: string;
}

/** One sweep: every open Trigger.dev row older than the grace period, checked and closed if the platform finished it. */
export async function reconcileTriggerRuns(db: DbOrTx, { control, graceMs = RECONCILE_GRACE_MS, now = new Date() }: ReconcileOptions): Promise<Reconciled[]> {
  const stale = await db
    .select({ id: runs.id, triggerRunId: runs.triggerRunId })
    .from(runs)
    .where(and(eq(runs.runtime, "trigger.dev"), inArray(runs.status, ["pending", "running", "paused"]), lt(runs.updatedAt, new Date(now.getTime() - graceMs))));
  const closed: Reconciled[] = [];
  for (const row of stale) {
    let final: Reconciled | null;
    if (!row.triggerRunId) {
      // Created but never handed over (the app stopped between the insert and the trigger call).
      final = { runId: row.id, status: "failed", message: "the run never reached Trigger.dev" };
    } else {
      let run: PlatformRun;
      try {
        run = await control.retrieveRun(row.triggerRunId);
      } catch (error) {
        console.warn(`[trigger] run ${row.id}: runs.retrieve(${row.triggerRunId}) failed: ${describeError(error)}`);
        continue;
      }
      const ended = finalOf(row.triggerRunId, run);
      final = ended && { runId: row.id, ...ended };
    }
    const closedRow = final && (await closeOpenRun(db, row.id, final));
    if (!final || !closedRow) continue;
    closed.push(final);
    if (closedRow.parentRunId) {
      await wakeTriggerParent(db, row.id, control).catch((error: unknown) => console.warn(`[trigger] run ${row.id}: waking its parent failed: ${describeError(error)}`));
    }
  }
  return closed;
}
