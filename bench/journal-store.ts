/**
 * A bench-only prototype of the store side of event-sourced checkpoints (docs/performance.md):
 * at most checkpoints the events, the changed node_runs and the engine's journal are appended in
 * one transaction; the full snapshot goes through the real saveCheckpoint only every
 * `snapshotEvery` checkpoints, when the journal is not exact, and when the run stops running.
 * The journal table is created in the throwaway bench database only: the real store (lib/runs)
 * would get a migration for it.
 */
import { sql } from "drizzle-orm";
import type { CheckpointJournal, RunEvent, RunHooks, RunState } from "../lib/engine";
import type { Db } from "../lib/db/types";
import { createRunRecorder } from "../lib/runs/recorder";
import { saveCheckpoint, type CheckpointInput } from "../lib/runs/store";

export async function createJournalTable(db: Db): Promise<void> {
  await db.execute(sql`create table if not exists bench_run_journal (run_id text not null, seq integer not null, entries jsonb not null, primary key (run_id, seq))`);
}

export function journaledHooks(db: Db, runId: string, snapshotEvery: number): { hooks: RunHooks; snapshots: () => number } {
  let journal: CheckpointJournal = { entries: [], exact: false };
  let since = 0;
  let snapshots = 0;
  const recorder = createRunRecorder({
    nextSeq: 0,
    async write(c: CheckpointInput) {
      const state = c.state as RunState;
      if (!journal.exact || state.status !== "running" || ++since >= snapshotEvery) {
        since = 0;
        snapshots++;
        return saveCheckpoint(db, runId, c);
      }
      await appendCheckpoint(db, runId, c, journal);
    },
  });
  return {
    hooks: {
      onEvent: recorder.hooks.onEvent,
      onCheckpoint(state: RunState, events: RunEvent[], j: CheckpointJournal) {
        journal = j;
        return recorder.hooks.onCheckpoint!(state, events, j);
      },
    },
    snapshots: () => snapshots,
  };
}

/**
 * One statement (one round trip, atomic without BEGIN/COMMIT): the events, the node_runs upsert
 * and the journal row, from three JSON parameters.
 */
async function appendCheckpoint(db: Db, runId: string, c: CheckpointInput, journal: CheckpointJournal): Promise<void> {
  const iso = (d: unknown) => (d instanceof Date ? d.toISOString() : (d ?? null));
  const events = (c.events ?? []).map((e) => ({ seq: e.seq, type: e.type, payload: e.payload ?? {}, created_at: iso(e.createdAt) ?? new Date().toISOString() }));
  const rows = (c.nodeRuns ?? []).map((n) => ({
    node_id: n.nodeId,
    path: n.path ?? [],
    status: n.status,
    attempts: n.attempts ?? 0,
    output: n.output ?? null,
    error: n.error ?? null,
    error_routed: n.errorRouted ?? false,
    started_at: iso(n.startedAt),
    finished_at: iso(n.finishedAt),
    duration_ms: n.durationMs ?? null,
  }));
  await db.execute(sql`
    with ev as (
      insert into run_events (run_id, seq, type, payload, created_at)
      select ${runId}, x.seq, x.type, x.payload, x.created_at
      from jsonb_to_recordset(${JSON.stringify(events)}::jsonb) as x(seq integer, type text, payload jsonb, created_at timestamptz)
    ), nr as (
      insert into node_runs (run_id, node_id, path, status, attempts, output, error, error_routed, started_at, finished_at, duration_ms)
      select ${runId}, x.node_id, x.path, x.status, x.attempts, x.output, x.error, x.error_routed, x.started_at, x.finished_at, x.duration_ms
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as x(node_id text, path jsonb, status text, attempts integer, output jsonb, error jsonb, error_routed boolean, started_at timestamptz, finished_at timestamptz, duration_ms integer)
      on conflict (run_id, node_id, path) do update set status = excluded.status, attempts = excluded.attempts, output = excluded.output,
        error = excluded.error, error_routed = excluded.error_routed, started_at = excluded.started_at, finished_at = excluded.finished_at, duration_ms = excluded.duration_ms
    )
    insert into bench_run_journal (run_id, seq, entries) values (${runId}, ${c.seq}, ${JSON.stringify(journal.entries)}::jsonb)
    on conflict (run_id, seq) do update set entries = bench_run_journal.entries || excluded.entries`);
  // (A checkpoint without events, e.g. only a late answer that changed nothing, keeps the seq: its entries are appended.)
}
