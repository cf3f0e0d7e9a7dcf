// Run leases: who drives a run now, until when. A claim is one conditional UPDATE, so two
// processes (or two requests in one process) never both drive the same run.
import { and, eq, isNull, lt, or } from "drizzle-orm";
import { runs, type Run } from "../../db/schema";
import type { DbOrTx } from "../../db/types";

/** The owner written when someone asks the current owner (another process) to cancel. */
export const CANCEL_REQUESTED = "cancel-requested";

/**
 * Takes the run's lease for `owner` until now + ttlMs when nobody holds it or it expired
 * (`force`: also when held, for a store only this process can open). Null when someone else holds it.
 */
export async function claimLease(db: DbOrTx, runId: string, owner: string, ttlMs: number, options: { force?: boolean } = {}): Promise<Run | null> {
  const now = new Date();
  const free = or(isNull(runs.leaseOwner), lt(runs.leaseExpiresAt, now), eq(runs.leaseOwner, owner));
  const [row] = await db
    .update(runs)
    .set({ leaseOwner: owner, leaseExpiresAt: new Date(now.getTime() + ttlMs) })
    .where(options.force ? eq(runs.id, runId) : and(eq(runs.id, runId), free))
    .returning();
  return row ?? null;
}

/** Extends a lease this owner holds; false when it was lost (expired and taken, or a cancel request). */
export async function renewLease(db: DbOrTx, runId: string, owner: string, ttlMs: number): Promise<boolean> {
  const rows = await db
    .update(runs)
    .set({ leaseExpiresAt: new Date(Date.now() + ttlMs) })
    .where(and(eq(runs.id, runId), eq(runs.leaseOwner, owner)))
    .returning({ id: runs.id });
  return rows.length > 0;
}

/** Gives the lease up (a paused run, a refused resume). */
export async function releaseLease(db: DbOrTx, runId: string, owner: string): Promise<void> {
  await db.update(runs).set({ leaseOwner: null, leaseExpiresAt: null }).where(and(eq(runs.id, runId), eq(runs.leaseOwner, owner)));
}

/** Asks whoever holds a live lease to cancel the run: their next renewal fails and they abort. */
export async function requestCancel(db: DbOrTx, runId: string): Promise<boolean> {
  const rows = await db
    .update(runs)
    .set({ leaseOwner: CANCEL_REQUESTED })
    .where(and(eq(runs.id, runId), eq(runs.status, "running")))
    .returning({ id: runs.id });
  return rows.length > 0;
}

export async function leaseOwnerOf(db: DbOrTx, runId: string): Promise<string | null> {
  const [row] = await db.select({ owner: runs.leaseOwner }).from(runs).where(eq(runs.id, runId));
  return row?.owner ?? null;
}
