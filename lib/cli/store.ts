/**
 * Where the command line keeps runs: PostgreSQL with DATABASE_URL, else the
 * embedded store under FLOWMAESTRO_DATA_DIR. The database modules are imported
 * lazily so a run that never touches the store never pays for loading them.
 */
import type { RunOutcome, RunState } from "../engine";
import type { DbHandle } from "../db/types";
import { createRunRecorder, type RunRecorder } from "../runs/recorder";

export interface LoadedCliRun {
  definition: unknown;
  state: RunState;
  nextSeq: number;
  recordedOutputs: Record<string, unknown>;
}

const asRecord = (value: unknown): Record<string, unknown> =>
  value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };

export class CliStore {
  /** Reaching PostgreSQL costs milliseconds; creating or opening the embedded store costs seconds. */
  readonly isCheap = Boolean(process.env.DATABASE_URL);
  private handle?: Promise<DbHandle>;

  open(): Promise<DbHandle> {
    this.handle ??= import("../db/client").then(({ getDb }) => getDb({ command: `flowmaestro ${process.argv.slice(2, 3).join(" ")}`.trim() }));
    return this.handle;
  }

  describe(): string {
    return this.isCheap ? "the PostgreSQL database of DATABASE_URL" : `the embedded store in ${process.env.FLOWMAESTRO_DATA_DIR ?? "./.data"}`;
  }

  recorder(nextSeq: number): RunRecorder {
    return createRunRecorder({ nextSeq });
  }

  async saveNewRun(input: { definition: unknown; inputs: unknown; outcome: RunOutcome; recorder: RunRecorder }): Promise<void> {
    const { db } = await this.open();
    const { createRun } = await import("../runs/store");
    const { state } = input.outcome;
    await createRun(db, {
      id: state.runId,
      versionDefinition: input.definition,
      inputs: asRecord(input.inputs),
      trigger: "cli",
      runtime: "cli",
      status: "running",
      startedAt: new Date(state.startedAt),
    });
    await this.persist(input.outcome, input.recorder);
  }

  async saveResumed(input: { runId: string; outcome: RunOutcome; recorder: RunRecorder; decided?: string; input: unknown }): Promise<void> {
    if (input.decided) {
      const { db } = await this.open();
      const { closeWaitpoint } = await import("../runs/store");
      const decision = asRecord(input.input);
      const by = typeof decision.by === "string" && decision.by ? decision.by : null;
      await closeWaitpoint(db, input.decided, { status: "decided", decision, decidedBy: by });
    }
    await this.persist(input.outcome, input.recorder);
  }

  private async persist(outcome: RunOutcome, recorder: RunRecorder): Promise<void> {
    const { db } = await this.open();
    const { saveCheckpoint, finishRun } = await import("../runs/store");
    const { syncWaitpoints } = await import("../runs/waitpoint-sync");
    const { state, result } = outcome;
    const checkpoint = recorder.drain();
    if (checkpoint) await saveCheckpoint(db, state.runId, checkpoint);
    await syncWaitpoints(db, state);
    if (result.status === "completed" || result.status === "failed" || result.status === "cancelled") {
      await finishRun(db, state.runId, {
        status: result.status,
        outputs: result.outputs,
        error: result.error,
        result,
        finishedAt: result.finishedAt,
        durationMs: result.durationMs,
      });
    }
  }

  /** The run's current state (snapshot + journal replayed with `env`, the env the run is resumed with). */
  async load(runId: string, env: Readonly<Record<string, string>> = {}): Promise<LoadedCliRun | null> {
    const { db } = await this.open();
    const { listNodeRuns } = await import("../runs/store");
    const { loadRunState } = await import("../runs/snapshot");
    const loaded = await loadRunState(db, runId, env);
    if (!loaded?.state) return null;
    const recordedOutputs: Record<string, unknown> = {};
    for (const row of await listNodeRuns(db, runId)) {
      if (Array.isArray(row.path) && row.path.length === 0 && row.output !== null) recordedOutputs[row.nodeId] = row.output;
    }
    return {
      definition: loaded.definition,
      state: loaded.state,
      nextSeq: loaded.nextSeq,
      recordedOutputs,
    };
  }

  async close(): Promise<void> {
    if (!this.handle) return;
    const handle = await this.handle.catch(() => null);
    await handle?.close();
  }
}
