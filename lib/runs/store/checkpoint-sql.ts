// A checkpoint's rows as JSON parameters, and the statements that write them in one round trip
// (data-modifying CTEs: atomic without BEGIN/COMMIT). Shared by the journal append and the run's end.
import { sql, type SQL } from "drizzle-orm";
import { instanceKey } from "../../engine/state/keys";
import type { DbOrTx } from "../../db/types";
import type { CheckpointInput, FinishRunInput } from "./inputs";

type ParsedCheckpoint = ReturnType<typeof CheckpointInput.parse>;
type ParsedEnd = ReturnType<typeof FinishRunInput.parse>;

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
/** A jsonb parameter; SQL NULL for null or undefined (what drizzle writes for them). */
const jsonb = (value: unknown) => (value === undefined || value === null ? sql`null::jsonb` : sql`${JSON.stringify(value)}::jsonb`);

/** `ev`: the checkpoint's events, inserted for the run `r` names (none when `r` is empty). */
export function insertEvents(c: ParsedCheckpoint, now: string): SQL {
  const events = c.events.map((e) => ({ seq: e.seq, type: e.type, payload: e.payload ?? {}, created_at: iso(e.createdAt) ?? now }));
  return sql`ev as (
      insert into run_events (run_id, seq, type, payload, created_at)
      select r.id, x.seq, x.type, x.payload, x.created_at
      from r, jsonb_to_recordset(${JSON.stringify(events)}::jsonb) as x(seq integer, type text, payload jsonb, created_at timestamptz)
    )`;
}

/** `nr`: the checkpoint's node runs, upserted for the run `r` names. */
export function upsertNodeRuns(c: ParsedCheckpoint): SQL {
  // The same instance twice in one batch would make ON CONFLICT fail: the last one wins.
  const byKey = new Map(c.nodeRuns.map((n) => [instanceKey(n), n]));
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
  return sql`nr as (
      insert into node_runs (run_id, node_id, path, status, attempts, input, output, error, error_routed, started_at, finished_at, duration_ms, usage)
      select r.id, x.node_id, x.path, x.status, x.attempts, x.input, x.output, x.error, x.error_routed, x.started_at, x.finished_at, x.duration_ms, x.usage
      from r, jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as x(node_id text, path jsonb, status text, attempts integer, input jsonb, output jsonb, error jsonb, error_routed boolean,
             started_at timestamptz, finished_at timestamptz, duration_ms integer, usage jsonb)
      on conflict (run_id, node_id, path) do update set status = excluded.status, attempts = excluded.attempts, input = excluded.input,
        output = excluded.output, error = excluded.error, error_routed = excluded.error_routed, started_at = excluded.started_at,
        finished_at = excluded.finished_at, duration_ms = excluded.duration_ms, usage = excluded.usage
    )`;
}

/** Rows of a raw query on either driver (postgres.js: an array; PGlite: `{ rows }`). */
export function rowCount(result: unknown): number {
  if (Array.isArray(result)) return result.length;
  const rows = (result as { rows?: unknown[] }).rows;
  return Array.isArray(rows) ? rows.length : 0;
}

/**
 * A run's last checkpoint and its end in one statement (issue 18: 7 round trips were a third of a
 * short run), for the common run: no parent to answer and no waitpoint open in its state. The same
 * writes as saveSnapshot + endRun (./checkpoint.ts, ./runs.ts): the run ended (fenced), its events,
 * node runs and snapshot, its journal dropped, decided waitpoints marked applied and open ones closed
 * (expired past their deadline, else cancelled). False when the update matched nothing (a parent,
 * the lease lost, no such run): then nothing was written and the caller takes the full path, which
 * tells these apart.
 */
export async function endInOneStatement(db: DbOrTx, runId: string, c: ParsedCheckpoint, state: unknown, f: ParsedEnd, fence: { owner: string } | null): Promise<boolean> {
  const now = new Date().toISOString();
  const result = await db.execute(sql`
    with r as (
      update runs set status = ${f.status}, outputs = ${jsonb(f.outputs)}, error = ${jsonb(f.error)}, result = ${jsonb(f.result)},
        finished_at = ${iso(f.finishedAt) ?? now}::timestamptz, duration_ms = ${f.durationMs ?? null}, updated_at = ${now}::timestamptz,
        lease_owner = null, lease_expires_at = null, inbox = 0
      where id = ${runId} and parent_run_id is null ${fence ? sql`and lease_owner = ${fence.owner}` : sql``}
      returning id
    ), ${insertEvents(c, now)}, ${upsertNodeRuns(c)},
    snap as (
      insert into run_snapshots (run_id, seq, state, updated_at) select r.id, ${c.seq}, ${JSON.stringify(state)}::jsonb, ${now}::timestamptz from r
      on conflict (run_id) do update set seq = excluded.seq, state = excluded.state, updated_at = excluded.updated_at
      where run_snapshots.seq <= excluded.seq
    ), jd as (
      delete from run_journal where run_id in (select id from r) and seq <= ${c.seq}
    ), applied as (
      update waitpoints set applied_at = ${now}::timestamptz where run_id in (select id from r) and status = 'decided' and applied_at is null
    ), closed as (
      update waitpoints set status = case when expires_at <= now() then 'expired' else 'cancelled' end, decided_at = ${now}::timestamptz
      where run_id in (select id from r) and status = 'open'
    )
    select id from r`);
  return rowCount(result) > 0;
}
