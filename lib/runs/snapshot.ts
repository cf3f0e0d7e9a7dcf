/**
 * The one way to load a run's current state from the store: its latest snapshot, the journal rows
 * written after it replayed (lib/engine/run/journal.ts), and the answers recorded since (decided
 * waitpoints the state has not taken in: lib/runs/store/answers.ts) applied. Every caller (execution,
 * resume, recovery, cancel, rerun, the REST result, the command line, the Trigger.dev coordinator)
 * sees the same state, so an answered run is `running` everywhere the moment its answer is stored.
 * Relative imports only: the command line bundles this file.
 */
import { applyAnswers, buildPlan, replayJournal, type JournalEntry, type Plan, type Problem, type RunEvent, type RunState } from "../engine";
import { coreHandlers, createRegistry } from "../engine/handlers";
import type { Run } from "../db/schema";
import type { DbOrTx } from "../db/types";
import { unseal, unsealEntries } from "./seal";
import { loadRun, pendingAnswers, type LoadedRun } from "./store";

export interface LoadedRunState extends Omit<LoadedRun, "snapshot" | "journal"> {
  /** The stored definition built into a plan (the replay needs it). */
  built: { ok: true; plan: Plan } | { ok: false; problems: Problem[] };
  /** The run's current state; null before its first checkpoint (or when the definition no longer builds). */
  state: RunState | null;
  /** The status the stored state had before answers were applied (`running`: it was executing when last written). */
  storedStatus: RunState["status"] | null;
  /** The events of the answers applied (an execution records them; views ignore them). */
  answerEvents: RunEvent[];
  /** The seq the next event gets (0 before the first checkpoint). */
  nextSeq: number;
}

type Env = Readonly<Record<string, string>>;

let registry: ReturnType<typeof createRegistry> | undefined;

/**
 * Loads the run and brings its snapshot up to date. `env` is the environment the run runs with (a
 * workspace's secrets; container configs may resolve `{{env.*}}` while replaying), or a function of
 * the run that finds it. Null when there is no such run.
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
  let answerEvents: RunEvent[] = [];
  let storedStatus: RunState["status"] | null = null;
  if (snapshot && (journal.length === 0 || built.ok)) {
    state = unseal(runId, snapshot.state) as RunState;
    const runEnv = typeof env === "function" ? await env(loaded.run) : env;
    if (journal.length > 0 && built.ok) state = replayJournal(built.plan, state, journal.flatMap((j) => unsealEntries(runId, j.entries) as JournalEntry[]), runEnv);
    storedStatus = state.status;
    if (built.ok && loaded.run.inbox > 0 && Object.keys(state.waitpoints).length > 0) {
      answerEvents = applyAnswers(built.plan, state, await pendingAnswers(db, runId), Date.now(), runEnv).events;
    }
  }
  return { ...rest, built, state, storedStatus, answerEvents, nextSeq: snapshot ? lastSeq + 1 : 0 };
}

/**
 * The loaded state of a run that was just inserted and starts now: nothing stored to read, so the
 * launcher's row and its version's definition stand in for loadRunState (one read fewer per start).
 */
export function freshRunState(run: Run, definition: unknown, plan?: Plan): LoadedRunState {
  if (plan) return { run, definition, built: { ok: true, plan }, state: null, storedStatus: null, answerEvents: [], nextSeq: 0 };
  registry ??= createRegistry(coreHandlers);
  const result = buildPlan(definition, registry);
  const built = result.ok ? ({ ok: true, plan: result.plan } as const) : ({ ok: false, problems: result.problems } as const);
  return { run, definition, built, state: null, storedStatus: null, answerEvents: [], nextSeq: 0 };
}
