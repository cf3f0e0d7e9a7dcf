// One checkpoint = the node runs that changed, the new events, and either the new snapshot or the
// engine's journal since the previous checkpoint, written atomically so a crash never leaves
// events without their state (or the reverse). See docs/performance.md, "persisted chain".
import { and, eq, lte, sql, type SQL } from "drizzle-orm";
import { getTableColumns } from "drizzle-orm";
import { nodeRuns, runEvents, runJournal, runs, runSnapshots, type NewNodeRun } from "../../db/schema";
import type { DbOrTx } from "../../db/types";
import { isForeignKeyViolation, isUniqueViolation, parseInput, RunNotFoundError, RunStoreConflictError } from "./errors";
import { CheckpointInput } from "./inputs";

type ParsedCheckpoint = ReturnType<typeof CheckpointInput.parse>;

export async function saveCheckpoint(db: DbOrTx, runId: string, input: CheckpointInput): Promise<void> {
  const c = parseInput(CheckpointInput, input, "checkpoint");
  try {
    if (c.state === undefined) await appendJournal(db, runId, c);
    else await saveSnapshot(db, runId, c, c.state);
  } catch (err) {
    if (isUniqueViolation(err)) {
      const seqs = c.events.map((e) => e.seq).join(", ");
      throw new RunStoreConflictError(`Run ${runId} already has an event with one of the seqs ${seqs}.`, { cause: err });
    }
    if (isForeignKeyViolation(err)) throw new RunNotFoundError(runId);
    throw err;
  }
}

async function saveSnapshot(db: DbOrTx, runId: string, c: ParsedCheckpoint, state: unknown): Promise<void> {
  const now = new Date();
  await db.transaction(async (tx) => {
    const touched = await tx
      .update(runs)
      .set({ updatedAt: now, ...(c.status ? { status: c.status } : {}) })
      .where(eq(runs.id, runId))
      .returning({ id: runs.id });
    if (touched.length === 0) throw new RunNotFoundError(runId);
    if (c.events.length > 0) {
      await tx.insert(runEvents).values(
        c.events.map((e) => ({ runId, seq: e.seq, type: e.type, payload: e.payload ?? {}, ...(e.createdAt ? { createdAt: e.createdAt } : {}) })),
      );
    }
    if (c.nodeRuns.length > 0) await upsertNodeRuns(tx, runId, c.nodeRuns);
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
    await tx.delete(runJournal).where(and(eq(runJournal.runId, runId), lte(runJournal.seq, c.seq)));
  });
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/**
 * One statement (one round trip, atomic without BEGIN/COMMIT): touch the run, insert the events,
 * upsert the node_runs, append the journal row, from JSON parameters. A second checkpoint with the
 * same seq (no events in between) appends its entries to the same row.
 */
async function appendJournal(db: DbOrTx, runId: string, c: ParsedCheckpoint): Promise<void> {
  const now = new Date().toISOString();
  const events = c.events.map((e) => ({ seq: e.seq, type: e.type, payload: e.payload ?? {}, created_at: iso(e.createdAt) ?? now }));
  // The same instance twice in one batch would make ON CONFLICT fail: the last one wins.
  const byKey = new Map(c.nodeRuns.map((n) => [JSON.stringify([n.nodeId, n.path]), n]));
  const rows = [...byKey.values()].map((n) => ({
    node_id: n.nodeId,
    path: n.path,
    status: n.status,
    attempts: n.attempts,
    input: n.input ?? null,
    output: n.output ?? null,
    error: n.error ?? null,
    error_routed: n.errorRouted,
    started_at: iso(n.startedAt),
    finished_at: iso(n.finishedAt),
    duration_ms: n.durationMs ?? null,
    usage: n.usage ?? null,
  }));
  const touched = await db.execute(sql`
    with r as (
      update runs set updated_at = ${now}::timestamptz ${c.status ? sql`, status = ${c.status}` : sql``} where id = ${runId} returning id
    ), ev as (
      insert into run_events (run_id, seq, type, payload, created_at)
      select ${runId}, x.seq, x.type, x.payload, x.created_at
      from jsonb_to_recordset(${JSON.stringify(events)}::jsonb) as x(seq integer, type text, payload jsonb, created_at timestamptz)
    ), nr as (
      insert into node_runs (run_id, node_id, path, status, attempts, input, output, error, error_routed, started_at, finished_at, duration_ms, usage)
      select ${runId}, x.node_id, x.path, x.status, x.attempts, x.input, x.output, x.error, x.error_routed, x.started_at, x.finished_at, x.duration_ms, x.usage
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as x(node_id text, path jsonb, status text, attempts integer, input jsonb, output jsonb, error jsonb, error_routed boolean,
             started_at timestamptz, finished_at timestamptz, duration_ms integer, usage jsonb)
      on conflict (run_id, node_id, path) do update set status = excluded.status, attempts = excluded.attempts, input = excluded.input,
        output = excluded.output, error = excluded.error, error_routed = excluded.error_routed, started_at = excluded.started_at,
        finished_at = excluded.finished_at, duration_ms = excluded.duration_ms, usage = excluded.usage
    )
    insert into run_journal (run_id, seq, entries)
    select r.id, ${c.seq}, ${JSON.stringify(c.journal ?? [])}::jsonb from r
    on conflict (run_id, seq) do update set entries = run_journal.entries || excluded.entries
    returning run_id`);
  if (rowCount(touched) === 0) throw new RunNotFoundError(runId);
}

/** Rows of a raw query on either driver (postgres.js: an array; PGlite: `{ rows }`). */
function rowCount(result: unknown): number {
  if (Array.isArray(result)) return result.length;
  const rows = (result as { rows?: unknown[] }).rows;
  return Array.isArray(rows) ? rows.length : 0;
}

type ParsedNodeRun = ParsedCheckpoint["nodeRuns"][number];

async function upsertNodeRuns(tx: DbOrTx, runId: string, rows: ParsedNodeRun[]): Promise<void> {
  const values: NewNodeRun[] = rows.map((n) => ({
    runId,
    nodeId: n.nodeId,
    path: n.path,
    status: n.status,
    attempts: n.attempts,
    input: n.input ?? null,
    output: n.output ?? null,
    error: n.error ?? null,
    errorRouted: n.errorRouted,
    startedAt: n.startedAt ?? null,
    finishedAt: n.finishedAt ?? null,
    durationMs: n.durationMs ?? null,
    usage: n.usage ?? null,
  }));
  // The same instance twice in one batch would make ON CONFLICT fail: the last one wins.
  const byKey = new Map(values.map((v) => [JSON.stringify([v.nodeId, v.path]), v]));
  await tx
    .insert(nodeRuns)
    .values([...byKey.values()])
    .onConflictDoUpdate({ target: [nodeRuns.runId, nodeRuns.nodeId, nodeRuns.path], set: excludedNodeRunColumns() });
}

/** SET col = excluded.col for every non-key column of node_runs. */
function excludedNodeRunColumns(): Record<string, SQL> {
  const keys = new Set(["runId", "nodeId", "path"]);
  const set: Record<string, SQL> = {};
  for (const [name, column] of Object.entries(getTableColumns(nodeRuns))) {
    if (!keys.has(name)) set[name] = sql.raw(`excluded."${column.name}"`);
  }
  return set;
}
