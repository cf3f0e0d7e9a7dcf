/** A new run's state: the top-level frame, the firing entry node ready, other entry nodes skipped. */
import type { Plan } from "../plan/types";
import { DEFAULT_OUTPUT_CAP_BYTES } from "./capping";
import type { RunEvent } from "./events";
import { createFrame } from "./frames";
import { Transition, type MachineEnv } from "./machine";
import type { RunOptionsState, RunState } from "./types";

export interface RunTrigger {
  /** `manual` (also API and CLI runs), `webhook`, `schedule`, or another entry type. */
  kind: string;
  /** The entry node that fired; without it, every entry node whose type equals `kind` fires. */
  nodeId?: string;
  /** What the entry node outputs from: run inputs, the request, `{ scheduledAt }`. */
  payload?: unknown;
  /** A child run (kind `workflow`, spec 4.1): the parent's run and node. */
  parent?: { runId: string; nodeId: string };
  /** The command line: the definition's file, so `workflow` nodes' paths resolve from it (also on resume). */
  file?: string;
}

export interface CreateRunInput {
  runId: string;
  inputs: unknown;
  trigger?: RunTrigger;
  options?: Partial<RunOptionsState>;
}

const entryTypeOfKind = (kind: string) => (kind === "manual" || kind === "api" || kind === "cli" || kind === "workflow" ? "trigger" : kind);

export function createRunState(plan: Plan, input: CreateRunInput, env: MachineEnv): { state: RunState; events: RunEvent[] } {
  const trigger = input.trigger ?? { kind: "manual" };
  const state: RunState = {
    version: 1,
    runId: input.runId,
    status: "running",
    trigger: { kind: trigger.kind, nodeId: trigger.nodeId, payload: trigger.payload ?? input.inputs ?? {}, ...(trigger.parent ? { parent: trigger.parent } : {}), ...(trigger.file ? { file: trigger.file } : {}) },
    inputs: input.inputs ?? {},
    variables: structuredClone(plan.variables),
    frames: { "": createFrame(plan, plan.root, []) },
    waitpoints: {},
    ready: [],
    startedAt: env.now,
    activeMs: 0,
    segmentStartedAt: env.now,
    counters: { settled: 0, dispatched: 0 },
    options: { concurrency: input.options?.concurrency ?? 32, outputCapBytes: input.options?.outputCapBytes ?? DEFAULT_OUTPUT_CAP_BYTES },
  };
  const tx = new Transition(state, env);
  tx.emit({ type: "run.started", runId: state.runId, at: env.now });
  const entryType = entryTypeOfKind(trigger.kind);
  for (const id of plan.root.entries) {
    const fires = trigger.nodeId ? id === trigger.nodeId : plan.nodes.get(id)!.type === entryType;
    if (fires) tx.schedule({ kind: "ready", fk: "", nodeId: id });
    else tx.skip("", id);
  }
  if (plan.root.nodes.length === 0) tx.schedule({ kind: "frameEnded", fk: "" });
  tx.drain();
  return { state, events: tx.events };
}
