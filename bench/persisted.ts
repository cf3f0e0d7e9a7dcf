/** The chain benchmark with every engine checkpoint written to a real store (PGlite, PostgreSQL). */
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
    const runId = `run_bench${kind}`;
    await createRun(db, { id: runId, versionDefinition: definition, trigger: "cli", runtime: "embedded", status: "running" });
    const recorder = createRunRecorder({ nextSeq: 0, write: (checkpoint) => saveCheckpoint(db, runId, checkpoint) });
    const started = performance.now();
    const { result } = await startRun({ plan: p, runId, hooks: recorder.hooks });
    const perNode = (performance.now() - started) / length;
    if (result.status !== "completed") throw new Error(`persisted chain ended ${result.status}`);
    return { name: `chain of ${length} no-op nodes, persisted to ${kind}: time per node`, value: round(perNode, 3), unit: "ms", goal: "≤ 2", ok: perNode <= 2 };
  } finally {
    await testDb.cleanup();
  }
}
