// Run rows: create, change status, finish, load.
import { and, asc, eq, getTableColumns, gt, inArray, sql } from "drizzle-orm";
import {
  nodeRuns,
  runEvents,
  runs,
  runJournal,
  runSnapshots,
  waitpoints,
  workflowVersions,
  type NodeRun,
  type Run,
  type RunEvent,
  type RunStatus,
} from "../../db/schema";
import type { DbOrTx } from "../../db/types";
import { isForeignKeyViolation, parseInput, RunNotFoundError, RunStoreConflictError, isUniqueViolation } from "./errors";
import { CreateRunInput, FinishRunInput } from "./inputs";
import { LeaseLostError, type Fence } from "./leases";
import { answerParent } from "./children";
import { createVersion, forgetVersion } from "./versions";

export interface LoadedRun {
  run: Run;
  /** The definition of the version the run executes. */
  definition: unknown;
  /** The latest checkpointed RunState and the event seq it reflects; null before the first. */
  snapshot: { seq: number; state: unknown; updatedAt: Date } | null;
  /**
   * The journal rows after the snapshot, in seq order (entries opaque here): the snapshot lags the
   * run by these. Continue a run through lib/runs/snapshot.ts (loadRunState), which replays them.
   */
  journal: { seq: number; entries: unknown[] }[];
}

/**
 * Inserts a run (and, given a definition, its workflow_versions row) in one transaction. Given a
 * version, the insert alone: one statement is atomic without BEGIN/COMMIT (two round trips fewer
 * on every run start, issue 18).
 */
export async function createRun(db: DbOrTx, input: CreateRunInput): Promise<Run> {
  const r = parseInput(CreateRunInput, input, "run");
  try {
    if (r.versionId !== undefined) return await insertRun(db, r, r.versionId);
    return await db.transaction(async (tx) => insertRun(tx, r, (await createVersion(tx, { workflowId: r.workflowId, definition: r.versionDefinition })).id));
  } catch (err) {
    if (isUniqueViolation(err)) throw new RunStoreConflictError(`Run ${r.id} already exists.`, { cause: err });
    // A version remembered for runs whose row is gone (a database restored under a running server):
    // this start fails, the next one reads the version again.
    if (isForeignKeyViolation(err) && r.workflowId) forgetVersion(db, r.workflowId);
    throw err;
  }
}

async function insertRun(db: DbOrTx, r: ReturnType<typeof CreateRunInput.parse>, versionId: string): Promise<Run> {
  let query = insertRunQueries.get(db);
  if (!query) insertRunQueries.set(db, (query = prepareInsertRun(db)));
  const [row] = await query.execute({
    id: r.id,
    workflowId: r.workflowId ?? null,
    ownerId: r.ownerId ?? null,
    versionId,
    inputs: r.inputs,
    trigger: r.trigger,
    runtime: r.runtime,
    status: r.status,
    triggerRunId: r.triggerRunId ?? null,
    parentRunId: r.parent?.runId ?? null,
    parentNodeId: r.parent?.nodeId ?? null,
    callDepth: r.parent?.depth ?? 0,
    leaseOwner: r.lease?.owner ?? null,
    // Timestamps as text and cast in SQL: the column's own encoder can't take null.
    leaseExpiresAt: r.lease ? new Date(Date.now() + r.lease.ttlMs).toISOString() : null,
    startedAt: r.startedAt ? r.startedAt.toISOString() : null,
  });
  return row;
}

/** The run insert, prepared once per database: drizzle builds its SQL once, not on every run start (issue 18). */
function prepareInsertRun(db: DbOrTx) {
  const p = sql.placeholder;
  return db
    .insert(runs)
    .values({
      id: p("id"),
      workflowId: p("workflowId"),
      ownerId: p("ownerId"),
      versionId: p("versionId"),
      inputs: p("inputs"),
      trigger: p("trigger"),
      runtime: p("runtime"),
      status: p("status"),
      triggerRunId: p("triggerRunId"),
      parentRunId: p("parentRunId"),
      parentNodeId: p("parentNodeId"),
      callDepth: p("callDepth"),
      leaseOwner: p("leaseOwner"),
      leaseExpiresAt: sql`${p("leaseExpiresAt")}::timestamptz`,
      startedAt: sql`coalesce(${p("startedAt")}::timestamptz, now())`,
    })
    .returning()
    .prepare("insert_run");
}
const insertRunQueries = new WeakMap<DbOrTx, ReturnType<typeof prepareInsertRun>>();

/** Moves a run to a status (running, paused, ...) without a checkpoint. */
export async function setRunStatus(db: DbOrTx, runId: string, status: RunStatus): Promise<Run> {
  const [row] = await db.update(runs).set({ status, updatedAt: new Date() }).where(eq(runs.id, runId)).returning();
  if (!row) throw new RunNotFoundError(runId);
  return row;
}

/** Records the end of a run (only while `fence` holds its lease, when given); open waitpoints of the run are cancelled with it. */
export async function finishRun(db: DbOrTx, runId: string, input: FinishRunInput, fence: Fence | null = null): Promise<Run> {
  const f = parseInput(FinishRunInput, input, "run finish");
  return db.transaction(async (tx) => endRun(tx, runId, f, fence));
}

/** finishRun's writes, inside the caller's transaction (a run's last checkpoint and its end are one: ./checkpoint.ts). */
export async function endRun(tx: DbOrTx, runId: string, f: ReturnType<typeof FinishRunInput.parse>, fence: Fence | null): Promise<Run> {
  const now = new Date();
  const [found] = await tx
    .update(runs)
    .set({
      status: f.status,
      outputs: f.outputs ?? null,
      error: f.error ?? null,
      result: f.result ?? null,
      finishedAt: f.finishedAt ?? now,
      durationMs: f.durationMs ?? null,
      updatedAt: now,
      leaseOwner: null,
      leaseExpiresAt: null,
      inbox: 0,
    })
    .where(fence ? and(eq(runs.id, runId), eq(runs.leaseOwner, fence.owner)) : eq(runs.id, runId))
    // Whether any waitpoint is left open (most runs have none: then no statement closes them).
    .returning({ ...getTableColumns(runs), openWaitpoints: sql<boolean>`exists (select 1 from "waitpoints" w where w."run_id" = ${runId} and w."status" = 'open')` });
  if (!found) {
    const [exists] = await tx.select({ id: runs.id }).from(runs).where(eq(runs.id, runId));
    throw exists ? new LeaseLostError(runId) : new RunNotFoundError(runId);
  }
  const { openWaitpoints, ...row } = found;
  await closeEnded(tx, row, now, openWaitpoints);
  return row;
}

/** What an ended run leaves behind, in the transaction that ended it: its open waitpoints cancelled, its parent answered. */
async function closeEnded(tx: DbOrTx, run: Run, now: Date, openWaitpoints: boolean): Promise<void> {
  if (openWaitpoints) {
    await tx
      .update(waitpoints)
      .set({ status: "cancelled", decidedAt: now })
      .where(and(eq(waitpoints.runId, run.id), eq(waitpoints.status, "open")));
  }
  await answerParent(tx, run);
}

/**
 * Closes a run that is still open (pending, running or paused) with a final status and reason,
 * whoever holds its lease: for a run whose executor is gone (a Trigger.dev coordinator that failed,
 * crashed or was cancelled while suspended). A run that ended meanwhile is left as it is (null).
 */
export async function closeOpenRun(db: DbOrTx, runId: string, input: { status: "failed" | "cancelled"; message: string }): Promise<Run | null> {
  return db.transaction(async (tx) => {
    const now = new Date();
    const [row] = await tx
      .update(runs)
      .set({ status: input.status, error: { message: input.message, nodeId: "" }, finishedAt: now, updatedAt: now, leaseOwner: null, leaseExpiresAt: null, inbox: 0 })
      .where(and(eq(runs.id, runId), inArray(runs.status, ["pending", "running", "paused"])))
      .returning();
    if (!row) return null;
    await closeEnded(tx, row, now, true);
    return row;
  });
}

/** The run, its definition and its latest snapshot; null when there is no such run. */
export async function loadRun(db: DbOrTx, runId: string): Promise<LoadedRun | null> {
  const [row] = await db
    .select({ run: runs, definition: workflowVersions.definition, snapshot: runSnapshots })
    .from(runs)
    .innerJoin(workflowVersions, eq(workflowVersions.id, runs.versionId))
    .leftJoin(runSnapshots, eq(runSnapshots.runId, runs.id))
    .where(eq(runs.id, runId));
  if (!row) return null;
  const snapshot = row.snapshot
    ? { seq: row.snapshot.seq, state: row.snapshot.state, updatedAt: row.snapshot.updatedAt }
    : null;
  // The journal continues a snapshot (a run's first write is always one): none without it, so no read.
  const journal = snapshot
    ? await db
        .select({ seq: runJournal.seq, entries: runJournal.entries })
        .from(runJournal)
        .where(and(eq(runJournal.runId, runId), gt(runJournal.seq, snapshot.seq)))
        .orderBy(asc(runJournal.seq))
    : [];
  return { run: row.run, definition: row.definition, snapshot, journal: journal.map((j) => ({ seq: j.seq, entries: Array.isArray(j.entries) ? j.entries : [] })) };
}

export async function listNodeRuns(db: DbOrTx, runId: string): Promise<NodeRun[]> {
  return db.select().from(nodeRuns).where(eq(nodeRuns.runId, runId)).orderBy(asc(nodeRuns.startedAt), asc(nodeRuns.nodeId));
}

/**
 * The run's top-level node runs (path []): what the run result and Re-run read. A loop's body
 * instances are left in the store: 10,000 iterations of 100 KB were read for every poll of a
 * running run's result (issue 18).
 */
export async function listTopLevelNodeRuns(db: DbOrTx, runId: string): Promise<NodeRun[]> {
  return db
    .select()
    .from(nodeRuns)
    .where(and(eq(nodeRuns.runId, runId), sql`${nodeRuns.path} = '[]'::jsonb`))
    .orderBy(asc(nodeRuns.startedAt), asc(nodeRuns.nodeId));
}

/** Events in seq order, optionally only those after a seq (for tailing). */
export async function listEvents(db: DbOrTx, runId: string, afterSeq = -1): Promise<RunEvent[]> {
  return db
    .select()
    .from(runEvents)
    .where(and(eq(runEvents.runId, runId), gt(runEvents.seq, afterSeq)))
    .orderBy(asc(runEvents.seq));
}
