/**
 * Runs a stored run through the Trigger.dev tasks' run functions under runInMockTaskContext (real
 * metadata, streams and locals), with the platform calls going to an in-process stand-in; and the
 * same definition on the embedded runtime, for comparison.
 */
import { metadata } from "@trigger.dev/sdk";
import { runInMockTaskContext, type MockTaskContextDrivers } from "@trigger.dev/core/v3/test";
import { newRunId, resumeRun, startRun, type RunResult } from "../../lib/engine";
import type { Db } from "../../lib/db/types";
import { planOf } from "../../lib/runs/plan";
import { createRun } from "../../lib/runs/store";
import type { RunProgress } from "../../lib/runs/trigger/contract";
import type { TriggerPlatform } from "../../lib/runs/trigger/platform";
import { dbLocal, platformLocal } from "../../trigger/context";
import { runExecuteNode } from "../../trigger/execute-node";
import { runExecuteWorkflow } from "../../trigger/execute-workflow";
import { createUser, createWorkflowRow } from "../runs/helpers";
import { createStandIn, type StandIn } from "./stand-in";

export async function createStoredRun(db: Db, definition: { name: string }, inputs: Record<string, unknown> = {}): Promise<{ runId: string; ownerId: string }> {
  const ownerId = await createUser(db, "trigger");
  const workflowId = await createWorkflowRow(db, ownerId, definition);
  const run = await createRun(db, { id: newRunId(), workflowId, ownerId, versionDefinition: definition, inputs, trigger: "manual", runtime: "trigger.dev", status: "pending" });
  return { runId: run.id, ownerId };
}

export interface TriggerSession {
  standIn: StandIn;
  drivers: MockTaskContextDrivers;
  /** The coordinator's run function, started in this context. */
  start(runId: string): ReturnType<typeof runExecuteWorkflow>;
  progress(): RunProgress | undefined;
}

export interface SessionOptions {
  /** Wraps each child run (the execute-node run function is `run`). */
  child?(payload: unknown, run: (payload: unknown) => Promise<unknown>): Promise<unknown>;
  /** Wraps the platform the coordinator sees. */
  platform?(platform: TriggerPlatform): TriggerPlatform;
}

/** A mock task context with the database and the stand-in seeded as locals. */
export function withTriggerSession<T>(db: Db, body: (session: TriggerSession) => Promise<T>, options: SessionOptions = {}): Promise<T> {
  return runInMockTaskContext(async (drivers) => {
    const run = (payload: unknown) => runExecuteNode(payload as never, { signal: new AbortController().signal });
    const standIn = createStandIn((payload) => (options.child ? options.child(payload, run) : run(payload)));
    drivers.locals.set(dbLocal, db);
    drivers.locals.set(platformLocal, options.platform ? options.platform(standIn.platform) : standIn.platform);
    return body({
      standIn,
      drivers,
      start: (runId) => runExecuteWorkflow({ runId }, { signal: new AbortController().signal }),
      progress: () => metadata.get("progress") as RunProgress | undefined,
    });
  });
}

/** The definition on the embedded runtime (in memory), optionally resumed at a node. */
export async function runEmbedded(definition: unknown, inputs: unknown, resume?: { node: string; input: unknown }): Promise<{ first: RunResult; last: RunResult } | "invalid"> {
  const built = planOf(definition);
  if (!built.ok) return "invalid";
  const started = await startRun({ plan: built.plan, inputs: inputs ?? {}, trigger: { kind: "manual" } });
  if (!resume || started.result.status !== "paused") return { first: started.result, last: started.result };
  const resumed = await resumeRun({ plan: built.plan, state: started.state, nodeId: resume.node, input: resume.input });
  if (!resumed.result) throw new Error(`embedded resume refused: ${resumed.ok ? "" : resumed.problem.message}`);
  return { first: started.result, last: resumed.result };
}

/** What must agree between runtimes: status, outputs, error, and every node's status. */
export function comparable(result: Pick<RunResult, "status" | "outputs" | "error" | "nodes">) {
  return {
    status: result.status,
    outputs: result.outputs,
    error: result.error ?? null,
    nodes: Object.fromEntries(Object.entries(result.nodes).map(([id, n]) => [id, n.status]).sort(([a], [b]) => (a < b ? -1 : 1))),
  };
}
