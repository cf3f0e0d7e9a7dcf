// One checkpoint = the new snapshot, the node runs that changed and the new events, written in
// one transaction so a crash never leaves events without their state (or the reverse).
import { eq, sql, type SQL } from "drizzle-orm";
import { getTableColumns } from "drizzle-orm";
import { nodeRuns, runEvents, runs, runSnapshots, type NewNodeRun } from "../../db/schema";
import type { DbOrTx } from "../../db/types";
import { isUniqueViolation, parseInput, RunNotFoundError, RunStoreConflictError } from "./errors";
import { CheckpointInput } from "./inputs";

export async function saveCheckpoint(db: DbOrTx, runId: string, input: CheckpointInput): Promise<void> {
  const c = parseInput(CheckpointInput, input, "checkpoint");
  const now = new Date();
  try {
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
        .values({ runId, seq: c.seq, state: c.state, updatedAt: now })
        .onConflictDoUpdate({
          target: runSnapshots.runId,
          set: { seq: c.seq, state: c.state, updatedAt: now },
          setWhere: sql`${runSnapshots.seq} <= excluded.seq`,
        });
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      const seqs = c.events.map((e) => e.seq).join(", ");
      throw new RunStoreConflictError(`Run ${runId} already has an event with one of the seqs ${seqs}.`, { cause: err });
    }
    throw err;
  }
}

type ParsedNodeRun = ReturnType<typeof CheckpointInput.parse>["nodeRuns"][number];

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
