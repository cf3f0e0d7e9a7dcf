/**
 * The chain benchmark with every engine checkpoint written to a real store (PGlite, PostgreSQL):
 * `snapshot` = the store as it is (full RunState at every checkpoint, through lib/runs/recorder
 * and saveCheckpoint); `journal` = the event-sourced prototype of ./journal-store.ts.
 */
import { startRun, type RunHooks } from "../lib/engine";
import { createTestDb } from "../lib/db/testing";
import type { DbKind } from "../lib/db/types";
import { createRunRecorder } from "../lib/runs/recorder";
import { createRun, saveCheckpoint } from "../lib/runs/store";
import { chain } from "./definitions";
import { plan, round, type BenchRow } from "./engine";
import { createJournalTable, journaledHooks } from "./journal-store";

export const SNAPSHOT_EVERY = 100;

export async function chainPersisted(kind: DbKind, length: number, mode: "snapshot" | "journal" = "snapshot"): Promise<BenchRow> {
  const testDb = await createTestDb(kind);
  try {
    const { db } = testDb.handle;
    const definition = chain(length);
    const p = plan(definition);
    if (mode === "journal") await createJournalTable(db);
    const times: number[] = [];
    let detail = "";
    // Median of 3 runs (a fresh run id each): one run is at the mercy of the machine's load.
    for (let i = 0; i < 3; i++) {
      const runId = `run_bench${kind}${i}`;
      await createRun(db, { id: runId, versionDefinition: definition, trigger: "cli", runtime: "embedded", status: "running" });
      let hooks: RunHooks;
      let snapshots = () => 0;
      if (mode === "journal") ({ hooks, snapshots } = journaledHooks(db, runId, SNAPSHOT_EVERY));
      else hooks = createRunRecorder({ nextSeq: 0, write: (checkpoint) => saveCheckpoint(db, runId, checkpoint) }).hooks;
      const started = performance.now();
      const { result } = await startRun({ plan: p, runId, hooks });
      times.push((performance.now() - started) / length);
      if (result.status !== "completed") throw new Error(`persisted chain ended ${result.status}`);
      if (mode === "journal") detail = `${snapshots()} full snapshots (every ${SNAPSHOT_EVERY} checkpoints), journal otherwise`;
    }
    const perNode = times.sort((a, b) => a - b)[1];
    const how = mode === "journal" ? "journal + sparse snapshots (prototype store)" : "full snapshot per checkpoint";
    return {
      name: `chain of ${length} no-op nodes, persisted to ${kind}, ${how}: time per node (median of 3)`,
      value: round(perNode, 3),
      unit: "ms",
      goal: "≤ 2",
      ok: perNode <= 2,
      detail: `runs ${times.map((t) => round(t, 2)).join(", ")} ms/node${detail ? `; ${detail}` : ""}`,
    };
  } finally {
    await testDb.cleanup();
  }
}
