/**
 * Event-sourced checkpoints. Between two checkpoints the Driver changes the state only through
 * `apply` (plus taking the started entry off the ready queue), so a store can persist a full
 * snapshot now and then and, at every other checkpoint, only the journal: the inputs applied
 * since the previous checkpoint with the clock they saw. `replayJournal(snapshot + the journals
 * after it)` rebuilds the latest state exactly: the state machine is deterministic (same state,
 * input and `now` give the same next state), and waitpoint ids travel inside the inputs.
 *
 * A journal marked `exact: false` does not take the previous state to this one (the run was
 * resumed, continued, paused or stopped outside `apply`): the store must write the snapshot then,
 * and also whenever the run is not `running` any more.
 */
import type { Plan } from "../plan/types";
import { apply, type StateInput } from "../state/machine";
import type { NodeKey, RunState } from "../state/types";

export interface JournalEntry {
  input: StateInput;
  /** The `now` the input was applied with (ms since epoch). */
  now: number;
  /** nodeStarted: the attempt was taken off the ready queue. */
  took?: true;
  /** nodeStarted: the attempt was handed to the runtime (counted in `counters.dispatched`). */
  dispatched?: true;
}

export interface CheckpointJournal {
  entries: JournalEntry[];
  /** True when `entries` alone take the previous checkpoint's state to this checkpoint's state. */
  exact: boolean;
}

const sameKey = (a: NodeKey, b: NodeKey) =>
  a.nodeId === b.nodeId && a.path.length === b.path.length && a.path.every((s, i) => s.container === b.path[i].container && s.index === b.path[i].index);

/**
 * Re-applies journal entries (oldest first) to a state restored from a snapshot, in place, and
 * returns it. `env` is the workspace's variables the run was started with (container configs
 * resolve `{{env.*}}` inside the state machine).
 */
export function replayJournal(plan: Plan, state: RunState, entries: readonly JournalEntry[], env: Readonly<Record<string, string>> = {}): RunState {
  for (const entry of entries) {
    if (entry.took && entry.input.type === "nodeStarted") {
      const key = entry.input.key;
      const at = state.ready.findIndex((r) => sameKey(r.key, key));
      if (at >= 0) state.ready.splice(at, 1);
    }
    apply(state, entry.input, { plan, env, now: entry.now });
    if (entry.dispatched) state.counters.dispatched++;
  }
  return state;
}
