/**
 * Picking runs up again: at start-up and then periodically, runs left `running` by a process that
 * stopped (its lease expired, or it gave the lease up) continue from their last checkpoint; paused
 * runs whose waitpoints are due get them expired. A run that keeps stopping the server at the same
 * point ends failed instead of being recovered forever (POISON_LIMIT).
 */
import { and, eq, isNull, lt, lte, or } from "drizzle-orm";
import { runs, waitpoints } from "@/lib/db/schema";
import type { Db } from "@/lib/db/types";
import { activeRuns } from "./active";
import { executionOwner, runtimeSettings } from "./config";
import { launchExecution } from "./execute";
import { claimForRecovery, claimLease } from "./store";

/** Recoveries in a row at the same checkpoint after which a run is failed rather than continued. */
export const POISON_LIMIT = 3;

/**
 * Continues every orphaned running run. `force` takes leases that have not expired yet: right for
 * the embedded store at start-up, which no other process can have open (its folder is locked).
 */
export async function recoverRuns(db: Db, options: { force?: boolean } = {}): Promise<string[]> {
  const candidates = await db
    .select({ id: runs.id, cancelRequestedAt: runs.cancelRequestedAt })
    .from(runs)
    .where(
      and(
        eq(runs.status, "running"),
        eq(runs.runtime, "embedded"),
        options.force ? undefined : or(isNull(runs.leaseOwner), lt(runs.leaseExpiresAt, new Date())),
      ),
    );
  const started: string[] = [];
  const { leaseMs } = runtimeSettings();
  for (const candidate of candidates) {
    if (activeRuns.has(candidate.id)) continue;
    const owner = executionOwner();
    const claim = await claimForRecovery(db, candidate.id, owner, leaseMs, { force: options.force });
    if (!claim) continue;
    const poisoned = claim.recoveries >= POISON_LIMIT;
    if (poisoned) console.error(`[runs] run ${candidate.id} stopped the server ${claim.recoveries} times at the same point: it ends failed instead of running again`);
    // A cancel asked of a process that died: the run is cancelled from its snapshot instead.
    const execution = poisoned ? ({ kind: "poisoned", times: claim.recoveries } as const) : candidate.cancelRequestedAt ? ({ kind: "cancel" } as const) : ({ kind: "continue", recovered: true } as const);
    void launchExecution(db, candidate.id, owner, execution);
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
