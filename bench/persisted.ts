/**
 * The chain benchmark with every engine checkpoint written to a real store (PGlite, PostgreSQL)
 * through lib/runs/recorder and saveCheckpoint: events + node_runs + the engine's journal per
 * checkpoint, a full snapshot every 100 checkpoints (docs/performance.md, "persisted chain").
 */
import { startRun } from "../lib/engine";
import { createTestDb } from "../lib/db/testing";
import type { DbKind } from "../lib/db/types";
import { createRunRecorder } from "../lib/runs/recorder";
import { createRun, saveCheckpoint } from "../lib/runs/store";
import { chain } from "./definitions";
import { plan, round, type BenchRow } from "./engine";

export async function chainPersisted(kind: DbKind, length: number): Promise<BenchRow> {
  const testDb = await createTestDb(kind);
  try {
    const { db } = testDb.handle;
    const definition = chain(length);
    const p = plan(definition);
    const times: number[] = [];
    let snapshots = 0;
    let checkpoints = 0;
    // Median of 3 runs (a fresh run id each): one run is at the mercy of the machine's load.
    for (let i = 0; i < 3; i++) {
      const runId = `run_bench${kind}${i}`;
      await createRun(db, { id: runId, versionDefinition: definition, trigger: "cli", runtime: "cli", status: "running" });
      snapshots = 0;
      checkpoints = 0;
      const { hooks } = createRunRecorder({
        nextSeq: 0,
        write: async (checkpoint) => {
          checkpoints++;
          if (checkpoint.state !== undefined) snapshots++;
          await saveCheckpoint(db, runId, checkpoint);
        },
      });
      const started = performance.now();
      const { result } = await startRun({ plan: p, runId, hooks });
      times.push((performance.now() - started) / length);
      if (result.status !== "completed") throw new Error(`persisted chain ended ${result.status}`);
    }
    const perNode = times.sort((a, b) => a - b)[1];
    return {
      name: `chain of ${length} no-op nodes, persisted to ${kind} (journal + a snapshot every 100 checkpoints): time per node (median of 3)`,
      value: round(perNode, 3),
      unit: "ms",
      goal: "≤ 2",
      ok: perNode <= 2,
      detail: `runs ${times.map((t) => round(t, 2)).join(", ")} ms/node; ${snapshots} full snapshots in ${checkpoints} checkpoints`,
    };
  } finally {
    await testDb.cleanup();
  }
}
