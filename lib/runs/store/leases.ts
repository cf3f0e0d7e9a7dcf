// Run leases: who executes a run now, until when. The owner string is the fencing token of one
// execution (lib/runs/config.ts executionOwner): a claim is one conditional UPDATE, so two processes
// never both take a run, and every checkpoint write requires the token (./checkpoint.ts), so a
// process that lost its lease (it stalled, another process took over) can't write any more.
import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import { runs, type Run } from "../../db/schema";
import type { DbOrTx } from "../../db/types";

/** A write refused because the caller no longer holds the run's lease: stop driving the run at once. */
export class LeaseLostError extends Error {
  override name = "LeaseLostError";
  constructor(readonly runId: string) {
    super(`The lease of run ${runId} was lost: another execution holds it now.`);
  }
}

/** The execution that may write a run's checkpoints (null: the command line's own store, not fenced). */
export interface Fence {
  owner: string;
}

const expiry = (ttlMs: number) => new Date(Date.now() + ttlMs);

/**
 * Takes the run's lease for `owner` when nobody holds it or it expired (`force`: also when held, for a
 * store only this process can open). Null when someone else holds it.
 */
export async function claimLease(db: DbOrTx, runId: string, owner: string, ttlMs: number, options: { force?: boolean } = {}): Promise<Run | null> {
  const free = or(isNull(runs.leaseOwner), lt(runs.leaseExpiresAt, new Date()), eq(runs.leaseOwner, owner));
  const [row] = await db
    .update(runs)
    .set({ leaseOwner: owner, leaseExpiresAt: expiry(ttlMs) })
    .where(options.force ? eq(runs.id, runId) : and(eq(runs.id, runId), free))
    .returning();
  return row ?? null;
}

/** The last stored event seq of a run (journal after the snapshot, else the snapshot), -1 before any. */
const storedSeq = sql<number>`coalesce((select max(j.seq) from run_journal j where j.run_id = ${runs.id}), (select s.seq from run_snapshots s where s.run_id = ${runs.id}), -1)`;

export interface RecoveryClaim {
  run: Run;
  /** Crash recoveries in a row at the same checkpoint, this one included (0: the lease was given up cleanly). */
  recoveries: number;
}

/**
 * Takes an orphaned running run for recovery: its lease expired (the process stopped renewing it)
 * or was given up cleanly (a graceful shutdown). A recovery after a crash counts toward the poison
 * limit when the run is still at the checkpoint the previous recovery found it at, less than 15
 * minutes later (a poison run stops the server again soon; a long delay across deploys does not).
 */
export async function claimForRecovery(db: DbOrTx, runId: string, owner: string, ttlMs: number, options: { force?: boolean } = {}): Promise<RecoveryClaim | null> {
  const orphaned = options.force ? undefined : or(isNull(runs.leaseOwner), lt(runs.leaseExpiresAt, new Date()));
  const [row] = await db
    .update(runs)
    .set({
      leaseOwner: owner,
      leaseExpiresAt: expiry(ttlMs),
      recoveries: sql`case when ${runs.leaseOwner} is null then 0
        when ${runs.recoveredAtSeq} = ${storedSeq} and ${runs.recoveredAt} > now() - interval '15 minutes' then ${runs.recoveries} + 1 else 1 end`,
      recoveredAtSeq: sql`case when ${runs.leaseOwner} is null then ${runs.recoveredAtSeq} else ${storedSeq} end`,
      recoveredAt: sql`case when ${runs.leaseOwner} is null then ${runs.recoveredAt} else now() end`,
    })
    .where(and(eq(runs.id, runId), sql`${runs.status} in ('running', 'pending')`, orphaned))
    .returning();
  return row ? { run: row, recoveries: row.recoveries } : null;
}

export interface Renewal {
  /** Someone asked for the run to be cancelled. */
  cancelRequested: boolean;
  /** Answers recorded that the executing state may not have taken in yet. */
  inbox: number;
}

/** Extends a lease this owner holds; null when it was lost (expired and taken by another execution). */
export async function renewLease(db: DbOrTx, runId: string, owner: string, ttlMs: number): Promise<Renewal | null> {
  const [row] = await db
    .update(runs)
    .set({ leaseExpiresAt: expiry(ttlMs) })
    .where(and(eq(runs.id, runId), eq(runs.leaseOwner, owner)))
    .returning({ cancelRequestedAt: runs.cancelRequestedAt, inbox: runs.inbox });
  return row ? { cancelRequested: row.cancelRequestedAt !== null, inbox: row.inbox } : null;
}

/** Gives the lease up (a graceful shutdown, a refused resume). Recovery of a released running run is not a crash. */
export async function releaseLease(db: DbOrTx, runId: string, owner: string): Promise<void> {
  await db.update(runs).set({ leaseOwner: null, leaseExpiresAt: null }).where(and(eq(runs.id, runId), eq(runs.leaseOwner, owner)));
}

/** Asks whoever executes a running run (maybe another process) to cancel it: their next renewal sees it and they abort. */
export async function requestCancel(db: DbOrTx, runId: string): Promise<boolean> {
  const rows = await db
    .update(runs)
    .set({ cancelRequestedAt: new Date() })
    .where(and(eq(runs.id, runId), eq(runs.status, "running")))
    .returning({ id: runs.id });
  return rows.length > 0;
}
