/**
 * The one way to continue a run from the store: its latest snapshot with the journal rows written
 * after it replayed (lib/engine/run/journal.ts), so every caller (execution, resume, recovery,
 * cancel, rerun, the CLI, the Trigger.dev coordinator) sees the run's current state. The snapshot
 * alone may lag the run by up to `snapshotEvery` checkpoints (see ./recorder.ts).
 * Relative imports only: the CLI bundles this file.
 */
import { buildPlan, replayJournal, type JournalEntry, type Plan, type Problem, type RunState } from "../engine";
import { coreHandlers, createRegistry } from "../engine/handlers";
import type { Run } from "../db/schema";
import type { DbOrTx } from "../db/types";
import { loadRun, type LoadedRun } from "./store";

export interface LoadedRunState extends Omit<LoadedRun, "snapshot" | "journal"> {
  /** The stored definition built into a plan (the replay needs it). */
  built: { ok: true; plan: Plan } | { ok: false; problems: Problem[] };
  /** The run's current state; null before its first checkpoint (or when the definition no longer builds). */
  state: RunState | null;
  /** The seq the next event gets (0 before the first checkpoint). */
  nextSeq: number;
}

type Env = Readonly<Record<string, string>>;

let registry: ReturnType<typeof createRegistry> | undefined;

/**
 * Loads the run and replays its journal onto its snapshot. `env` is the environment the run runs
 * with (a workspace's secrets; container configs may resolve `{{env.*}}` while replaying), or a
 * function of the run that finds it. Null when there is no such run.
 */
export async function loadRunState(db: DbOrTx, runId: string, env: Env | ((run: Run) => Promise<Env> | Env) = {}): Promise<LoadedRunState | null> {
  const loaded = await loadRun(db, runId);
  if (!loaded) return null;
  registry ??= createRegistry(coreHandlers);
  const result = buildPlan(loaded.definition, registry);
  const built = result.ok ? ({ ok: true, plan: result.plan } as const) : ({ ok: false, problems: result.problems } as const);
  const { snapshot, journal, ...rest } = loaded;
  const lastSeq = Math.max(snapshot?.seq ?? -1, ...journal.map((j) => j.seq));
  let state: RunState | null = null;
  if (snapshot && (journal.length === 0 || built.ok)) {
    state = snapshot.state as RunState;
    if (journal.length > 0 && built.ok) {
      const entries = journal.flatMap((j) => j.entries as JournalEntry[]);
      state = replayJournal(built.plan, state, entries, typeof env === "function" ? await env(loaded.run) : env);
    }
  }
  return { ...rest, built, state, nextSeq: snapshot ? lastSeq + 1 : 0 };
}
