/**
 * Picking runs up again: at start-up and then periodically, runs left `running` (by a crash,
 * or a process whose lease expired) continue from their last snapshot; paused runs whose
 * waitpoints are due get them expired. Paused runs otherwise stay paused.
 */
import { and, eq, inArray, isNull, lt, lte, or } from "drizzle-orm";
import { runs, waitpoints } from "@/lib/db/schema";
import type { Db } from "@/lib/db/types";
import { activeRuns } from "./active";
import { executionOwner, runtimeSettings } from "./config";
import { launchExecution } from "./execute";
import { CANCEL_REQUESTED, claimLease } from "./store";

/**
 * Continues every orphaned running run. `force` takes leases that have not expired yet: right for
 * the embedded store at start-up, which no other process can have open (its folder is locked).
 */
export async function recoverRuns(db: Db, options: { force?: boolean } = {}): Promise<string[]> {
  const now = new Date();
  const candidates = await db
    .select({ id: runs.id, leaseOwner: runs.leaseOwner })
    .from(runs)
    .where(
      and(
        inArray(runs.status, ["running", "pending"]),
        eq(runs.runtime, "embedded"),
        options.force ? undefined : or(isNull(runs.leaseOwner), lt(runs.leaseExpiresAt, now)),
      ),
    );
  const started: string[] = [];
  const { leaseMs } = runtimeSettings();
  for (const candidate of candidates) {
    if (activeRuns.has(candidate.id)) continue;
    const owner = executionOwner();
    // A cancel asked of a process that died: the run is cancelled from its snapshot instead.
    const cancel = candidate.leaseOwner === CANCEL_REQUESTED;
    if (!(await claimLease(db, candidate.id, owner, leaseMs, { force: options.force || cancel }))) continue;
    void launchExecution(db, candidate.id, owner, { kind: cancel ? "cancel" : "continue" });
    started.push(candidate.id);
  }
  return started;
}

/** Expires due waitpoints of paused runs (each run continues down its timeout path or fails). */
export async function expireDueWaitpoints(db: Db): Promise<string[]> {
  const due = await db
    .selectDistinct({ runId: waitpoints.runId })
    .from(waitpoints)
    .innerJoin(runs, eq(runs.id, waitpoints.runId))
    // Trigger.dev runs expire their own waitpoints (the wait token's timeout).
    .where(and(eq(waitpoints.status, "open"), lte(waitpoints.expiresAt, new Date()), eq(runs.status, "paused"), eq(runs.runtime, "embedded")));
  const started: string[] = [];
  const { leaseMs } = runtimeSettings();
  for (const { runId } of due) {
    if (activeRuns.has(runId)) continue;
    const owner = executionOwner();
    if (!(await claimLease(db, runId, owner, leaseMs))) continue;
    void launchExecution(db, runId, owner, { kind: "expire" });
    started.push(runId);
  }
  return started;
}
