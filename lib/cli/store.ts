/**
 * Where the command line keeps runs: PostgreSQL with DATABASE_URL, else the embedded store under
 * FLOWMAESTRO_DATA_DIR. The database modules are imported lazily so a run that never touches the
 * store never pays for loading them. Runs are recorded through the run pipeline's session
 * (lib/runs/session.ts), like the app's: masked, one checkpoint written at the end (the embedded
 * store costs seconds to open, so a run that does not pause may not open it at all). A run whose
 * record grows past SPILL_BYTES is stored as it goes from then on (its row made then), so memory
 * stays bounded: a 10,000-iteration loop of 100 KB outputs is not held until the end.
 */
import type { Plan, RecordedAnswer, RunOutcome, RunResult } from "../engine";
import type { DbHandle } from "../db/types";
import type { LoadedRunState } from "../runs/snapshot";
import { RunSession } from "../runs/session";
import type { AnswerRefusal } from "../runs/store";

/**
 * What a run may keep in memory for its one write at the end before it is written as it goes
 * (counted in events; their node runs and journal entries hold as much again, twice). 32 MiB held
 * about 100 MB of a 100 KB-per-iteration loop before its first write (docs/performance.md).
 */
export const SPILL_BYTES = 4 * 1024 * 1024;

/** A new run's row, made at its first write (when it spills) or at the end. */
type NewRun = { definition: unknown; inputs: unknown; startedAt: Date };

const asRecord = (value: unknown): Record<string, unknown> =>
  value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };

export class CliStore {
  /** Reaching PostgreSQL costs milliseconds; creating or opening the embedded store costs seconds. */
  readonly isCheap = Boolean(process.env.DATABASE_URL);
  private handle?: Promise<DbHandle>;
  /** Runs whose row this process made already. */
  private readonly created = new Set<string>();

  open(): Promise<DbHandle> {
    this.handle ??= import("../db/client").then(({ getDb }) => getDb({ command: `flowmaestro ${process.argv.slice(2, 3).join(" ")}`.trim() }));
    return this.handle;
  }

  describe(): string {
    return this.isCheap ? "the PostgreSQL database of DATABASE_URL" : `the embedded store in ${process.env.FLOWMAESTRO_DATA_DIR ?? "./.data"}`;
  }

  /** A session that keeps every checkpoint for one write at the end (`save`), or writes as it goes past SPILL_BYTES. `created`: a new run, its row not made yet. */
  session(runId: string, plan: Plan, nextSeq: number, env: Record<string, string>, created?: NewRun): RunSession {
    const session: RunSession = new RunSession({
      runId,
      plan,
      nextSeq,
      env,
      store: null,
      deferPure: true,
      spill: {
        afterBytes: SPILL_BYTES,
        open: async () => {
          const { db } = await this.open();
          if (created) await this.createOnce(runId, created, session);
          return db;
        },
      },
    });
    return session;
  }

  private async createOnce(runId: string, run: NewRun, session: RunSession): Promise<void> {
    if (this.created.has(runId)) return;
    const { db } = await this.open();
    const { createRun } = await import("../runs/store");
    await createRun(db, {
      id: runId,
      versionDefinition: run.definition,
      inputs: asRecord(session.mask(run.inputs)),
      trigger: "cli",
      runtime: "cli",
      status: "running",
      startedAt: run.startedAt,
    });
    this.created.add(runId);
  }

  /** Inserts a new run row (with its version), then saves what the session recorded. */
  async saveNewRun(input: { definition: unknown; inputs: unknown; outcome: RunOutcome; session: RunSession }): Promise<RunResult> {
    const { state } = input.outcome;
    await this.createOnce(state.runId, { definition: input.definition, inputs: input.inputs, startedAt: new Date(state.startedAt) }, input.session);
    return this.save(input.outcome, input.session);
  }

  /** Writes what the session recorded (one checkpoint) and, when the run ended, finishes it. */
  async save(outcome: RunOutcome, session: RunSession): Promise<RunResult> {
    const { db } = await this.open();
    const { saveCheckpoint, finishRun } = await import("../runs/store");
    const checkpoint = session.drain();
    if (checkpoint) await saveCheckpoint(db, outcome.state.runId, checkpoint);
    const result = session.mask(outcome.result);
    if (result.status === "completed" || result.status === "failed" || result.status === "cancelled") {
      await finishRun(db, outcome.state.runId, { status: result.status, outputs: result.outputs, error: result.error, result, finishedAt: result.finishedAt, durationMs: result.durationMs });
    }
    return result;
  }

  /** Records the answer to a waitpoint in the store (the same write as the app's: lib/runs/store/answers.ts). */
  async answer(runId: string, waitpointId: string, input: unknown): Promise<AnswerRefusal | null> {
    const { db } = await this.open();
    const { recordAnswer } = await import("../runs/store");
    const by = asRecord(input).by;
    const recorded = await recordAnswer(db, { runId, waitpointId, input, decidedBy: typeof by === "string" && by ? by : null });
    return recorded.ok ? null : recorded.reason;
  }

  /** The run's current state (snapshot + journal + recorded answers), with `env` the run is resumed with. */
  async load(runId: string, env: Readonly<Record<string, string>> = {}): Promise<(LoadedRunState & { recordedOutputs: Record<string, unknown> }) | null> {
    const { db } = await this.open();
    const { listTopLevelNodeRuns } = await import("../runs/store");
    const { loadRunState } = await import("../runs/snapshot");
    const { recordedOutputsOf } = await import("../runs/plan");
    const loaded = await loadRunState(db, runId, env);
    if (!loaded?.state) return null;
    return { ...loaded, recordedOutputs: recordedOutputsOf(await listTopLevelNodeRuns(db, runId)) };
  }

  async close(): Promise<void> {
    if (!this.handle) return;
    const handle = await this.handle.catch(() => null);
    await handle?.close();
  }
}

export type { RecordedAnswer };
