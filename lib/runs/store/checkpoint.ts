// One checkpoint = the node runs that changed, the new events, and either the new snapshot or the
// engine's journal since the previous checkpoint, written atomically so a crash never leaves
// events without their state (or the reverse). See docs/performance.md, "persisted chain".
// Fenced: with a Fence, the write happens only while the caller holds the run's lease
// (LeaseLostError otherwise), so an execution that lost its run can never write over the new one.
import { and, eq, isNull, lte, notInArray, sql } from "drizzle-orm";
import { runJournal, runs, runSnapshots, waitpoints } from "../../db/schema";
import type { DbOrTx } from "../../db/types";
import { isForeignKeyViolation, isUniqueViolation, parseInput, RunNotFoundError, RunStoreConflictError } from "./errors";
import { CheckpointInput, FinishRunInput } from "./inputs";
import { LeaseLostError, type Fence } from "./leases";
import { answerEndedChildren } from "./children";
import { openWaitpoint } from "./waitpoints";
import { endInOneStatement, insertEvents, rowCount, upsertNodeRuns } from "./checkpoint-sql";
import { endRun } from "./runs";

type ParsedCheckpoint = ReturnType<typeof CheckpointInput.parse>;

export interface CheckpointWritten {
  /**
   * The checkpoint's state is paused but answers were recorded meanwhile (the run's inbox): the run
   * was kept `running` with its lease, and the caller must apply the answers and go on.
   */
  answersPending: boolean;
}

/**
 * Writes one checkpoint. With `finish`, the run's last one (a snapshot): the run ends in the same
 * transaction (finishRun's writes), one commit instead of two (issue 18).
 */
export async function saveCheckpoint(db: DbOrTx, runId: string, input: CheckpointInput, fence: Fence | null = null, finish?: FinishRunInput): Promise<CheckpointWritten> {
  const c = parseInput(CheckpointInput, input, "checkpoint");
  const end = finish && parseInput(FinishRunInput, finish, "run finish");
  if (end && c.state === undefined) throw new TypeError("checkpoint: a run's last checkpoint carries its state");
  try {
    if (c.state === undefined) {
      await appendJournal(db, runId, c, fence);
      return { answersPending: false };
    }
    // Most runs end with nothing open and no parent: one statement. Else (or refused) the full path.
    if (end && (c.waitpoints ?? []).length === 0 && (await endInOneStatement(db, runId, c, c.state, end, fence))) return { answersPending: false };
    return await saveSnapshot(db, runId, c, c.state, fence, end);
  } catch (err) {
    if (isUniqueViolation(err)) {
      const seqs = c.events.map((e) => e.seq).join(", ");
      throw new RunStoreConflictError(`Run ${runId} already has an event with one of the seqs ${seqs}.`, { cause: err });
    }
    if (isForeignKeyViolation(err)) throw new RunNotFoundError(runId);
    throw err;
  }
}

async function saveSnapshot(db: DbOrTx, runId: string, c: ParsedCheckpoint, state: unknown, fence: Fence | null, end: ReturnType<typeof FinishRunInput.parse> | undefined): Promise<CheckpointWritten> {
  const now = new Date();
  return db.transaction(async (tx) => {
    // The run row first: answers (./answers.ts) lock it first too, so the two never interleave.
    // With it, whether the run has waitpoint or journal rows at all: most runs have neither, and
    // then the statements that would close, mark or delete them are not sent (issue 18).
    const [run] = await tx
      .select({
        owner: runs.leaseOwner,
        inbox: runs.inbox,
        // Spelled out: drizzle leaves columns unqualified here, and waitpoints has an "id" of its own.
        hasWaitpoints: sql<boolean>`exists (select 1 from "waitpoints" w where w."run_id" = ${runId})`,
        hasJournal: sql<boolean>`exists (select 1 from "run_journal" j where j."run_id" = ${runId})`,
      })
      .from(runs)
      .where(eq(runs.id, runId))
      .for("update", { of: runs });
    if (!run) throw new RunNotFoundError(runId);
    if (fence && run.owner !== fence.owner) throw new LeaseLostError(runId);
    let inbox = run.inbox;
    if (c.waitpoints && (c.waitpoints.length > 0 || run.hasWaitpoints)) {
      const open = c.waitpoints.map((w) => w.id);
      // Decided waitpoints that left the state were taken in by it.
      const applied = await tx
        .update(waitpoints)
        .set({ appliedAt: now })
        .where(and(eq(waitpoints.runId, runId), eq(waitpoints.status, "decided"), isNull(waitpoints.appliedAt), open.length > 0 ? notInArray(waitpoints.id, open) : undefined))
        .returning({ id: waitpoints.id });
      inbox = Math.max(0, inbox - applied.length);
      for (const w of c.waitpoints) await openWaitpoint(tx, w);
      // A child that ended before its parent's waitpoint was stored answers it now (./children.ts).
      if (c.waitpoints.some((w) => w.kind === "workflow")) inbox += await answerEndedChildren(tx, runId);
      // Open rows whose waitpoint left the state undecided: expired when their deadline passed,
      // otherwise they went with a cancelled run (its cancel checkpoint may still say running).
      const closedAs = c.status === "cancelled" ? sql`'cancelled'` : sql`case when ${waitpoints.expiresAt} <= now() then 'expired' else 'cancelled' end`;
      await tx
        .update(waitpoints)
        .set({ status: closedAs, decidedAt: now })
        .where(and(eq(waitpoints.runId, runId), eq(waitpoints.status, "open"), open.length > 0 ? notInArray(waitpoints.id, open) : undefined));
    }
    const answersPending = !end && c.status === "paused" && inbox > 0;
    const status = answersPending ? "running" : c.status;
    // A paused run gives its lease up in the same write: an answer then claims it (./answers.ts).
    const release = status === "paused";
    if (!end) {
      await tx
        .update(runs)
        .set({ updatedAt: now, inbox, ...(status ? { status } : {}), ...(release ? { leaseOwner: null, leaseExpiresAt: null } : {}) })
        .where(eq(runs.id, runId));
    }
    // Events and node runs in one statement, written as the journal append and the end write them.
    if (c.events.length > 0 || c.nodeRuns.length > 0) {
      await tx.execute(sql`with r as (select ${runId}::text as id), ${insertEvents(c, now.toISOString())}, ${upsertNodeRuns(c)} select 1`);
    }
    // Never move the snapshot backwards (a late, older checkpoint loses).
    await tx
      .insert(runSnapshots)
      .values({ runId, seq: c.seq, state, updatedAt: now })
      .onConflictDoUpdate({
        target: runSnapshots.runId,
        set: { seq: c.seq, state, updatedAt: now },
        setWhere: sql`${runSnapshots.seq} <= excluded.seq`,
      });
    // The snapshot covers the journal up to its seq.
    if (run.hasJournal) await tx.delete(runJournal).where(and(eq(runJournal.runId, runId), lte(runJournal.seq, c.seq)));
    // The row is locked and the lease checked above: the end needs no fence of its own.
    if (end) await endRun(tx, runId, end, null);
    return { answersPending };
  });
}

/**
 * One statement (one round trip, atomic without BEGIN/COMMIT): touch the run, insert the events,
 * upsert the node_runs, append the journal row, from JSON parameters. A second checkpoint with the
 * same seq (no events in between) appends its entries to the same row.
 */
async function appendJournal(db: DbOrTx, runId: string, c: ParsedCheckpoint, fence: Fence | null): Promise<void> {
  const now = new Date().toISOString();
  // Every insert reads `r`: when the fence refuses the update, nothing at all is written.
  const touched = await db.execute(sql`
    with r as (
      update runs set updated_at = ${now}::timestamptz ${c.status ? sql`, status = ${c.status}` : sql``}
      where id = ${runId} ${fence ? sql`and lease_owner = ${fence.owner}` : sql``} returning id
    ), ${insertEvents(c, now)}, ${upsertNodeRuns(c)}
    insert into run_journal (run_id, seq, entries)
    select r.id, ${c.seq}, ${JSON.stringify(c.journal ?? [])}::jsonb from r
    on conflict (run_id, seq) do update set entries = run_journal.entries || excluded.entries
    returning run_id`);
  if (rowCount(touched) > 0) return;
  const [run] = await db.select({ id: runs.id }).from(runs).where(eq(runs.id, runId));
  throw run ? new LeaseLostError(runId) : new RunNotFoundError(runId);
}
