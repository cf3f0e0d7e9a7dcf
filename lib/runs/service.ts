/**
 * The run service: what routes, server actions, webhooks and schedules call. Every function
 * takes the caller's user id and treats someone else's run or workflow as unknown (not_found).
 * Runs execute in the background in this process (./execute.ts); these functions return at once.
 */
import { and, eq } from "drizzle-orm";
import { findWaitpoint, NodeError, newRunId, validateInputs, type Plan, type RunResult, type RunTrigger as EngineTrigger, type Waitpoint } from "@/lib/engine";
import type { RecordedResult } from "@/lib/engine/run/replay";
import { runs, workflows, type Run, type RunTrigger } from "@/lib/db/schema";
import type { Db } from "@/lib/db/types";
import { abortActive, activeRuns } from "./active";
import { executionOwner, runtimeSettings } from "./config";
import { RunServiceError, runNotFound, workflowNotFound } from "./errors";
import { launchExecution, type Execution } from "./execute";
import { cancelOnTrigger, completeTriggerWaitpoint, startOnTriggerOrFail, triggerEnabled } from "./on-trigger";
import { planOf, resultFromSnapshot } from "./plan";
import { loadRunState } from "./snapshot";
import { claimLease, closeWaitpoint, createRun, findVersionOrCreate, listNodeRuns, releaseLease, requestCancel } from "./store";

export interface StartedRun {
  run: Run;
  /** Settles when this process stops executing the run (finished, paused, cancelled). */
  done: Promise<void>;
}

const TERMINAL = new Set(["completed", "failed", "cancelled"]);

async function ownedWorkflow(db: Db, userId: string, workflowId: string) {
  const [row] = await db.select().from(workflows).where(and(eq(workflows.id, workflowId), eq(workflows.ownerId, userId))).limit(1);
  if (!row) throw workflowNotFound();
  return row;
}

/** The user's run, or not_found (also for someone else's). */
export async function getOwnedRun(db: Db, userId: string, runId: string): Promise<Run> {
  const [row] = await db.select().from(runs).where(and(eq(runs.id, runId), eq(runs.ownerId, userId))).limit(1);
  if (!row) throw runNotFound();
  return row;
}

/** Engine trigger for a stored trigger kind (manual and API runs fire `trigger` entry nodes). */
export function engineTrigger(trigger: RunTrigger, nodeId?: string, payload?: unknown): EngineTrigger {
  return { kind: trigger, ...(nodeId ? { nodeId } : {}), ...(payload !== undefined ? { payload } : {}) };
}

/**
 * Starts a run of the workflow's current definition (an immutable version row, shared with the
 * previous run when the definition did not change). Invalid definitions or inputs: `invalid`.
 */
export async function startWorkflowRun(
  db: Db,
  userId: string,
  workflowId: string,
  inputs: unknown,
  trigger: RunTrigger,
  entry: { nodeId?: string } = {},
): Promise<StartedRun> {
  const workflow = await ownedWorkflow(db, userId, workflowId);
  const built = planOf(workflow.definition);
  if (!built.ok) throw new RunServiceError("invalid", "The workflow has problems; fix them before running it", built.problems);
  const checkInputs = trigger === "manual" || trigger === "api";
  if (checkInputs) {
    const checked = validateInputs(built.plan, inputs);
    if (!checked.ok) throw new RunServiceError("invalid", `inputs: ${checked.problems[0]?.message ?? "invalid"}`, checked.problems);
  }
  const version = await findVersionOrCreate(db, { workflowId, definition: workflow.definition });
  return launchNew(db, {
    workflowId,
    ownerId: userId,
    versionId: version.id,
    inputs: (inputs ?? {}) as Record<string, unknown>,
    trigger,
    execution: { kind: "start", inputs, trigger: engineTrigger(trigger, entry.nodeId) },
  });
}

async function launchNew(
  db: Db,
  r: { workflowId: string | null; ownerId: string; versionId: string; inputs: Record<string, unknown>; trigger: RunTrigger; execution: Execution },
): Promise<StartedRun> {
  // Trigger.dev executes fresh runs when configured (it takes no lease); a re-run from a failed
  // node replays recorded outputs, which only the embedded runtime does.
  if (triggerEnabled() && r.execution.kind === "start") {
    const run = await createRun(db, { id: newRunId(), workflowId: r.workflowId, ownerId: r.ownerId, versionId: r.versionId, inputs: r.inputs, trigger: r.trigger, runtime: "trigger.dev", status: "pending" });
    await startOnTriggerOrFail(db, run.id, r.execution.trigger);
    return { run, done: Promise.resolve() };
  }
  const owner = executionOwner();
  const run = await createRun(db, { id: newRunId(), workflowId: r.workflowId, ownerId: r.ownerId, versionId: r.versionId, inputs: r.inputs, trigger: r.trigger, runtime: "embedded", status: "running" });
  await claimLease(db, run.id, owner, runtimeSettings().leaseMs);
  return { run, done: launchExecution(db, run.id, owner, r.execution) };
}

/** The workspace env of a run's owner (what its journal is replayed with). */
const ownerEnv = (db: Db) => async (run: Run) => (await import("@/lib/secrets/store")).secretsEnv(db, run.ownerId);

/** The run result (spec section 6): the stored one of a finished run, else built from the snapshot. */
export async function getRunResult(db: Db, userId: string, runId: string): Promise<{ run: Run; result: RunResult | null }> {
  const run = await getOwnedRun(db, userId, runId);
  if (TERMINAL.has(run.status) && run.result) return { run, result: run.result as RunResult };
  const { secretsEnv } = await import("@/lib/secrets/store");
  const env = await secretsEnv(db, run.ownerId);
  const loaded = await loadRunState(db, runId, env);
  if (!loaded?.state || !loaded.built.ok) return { run, result: null };
  const { maskWith } = await import("./plan");
  const result = resultFromSnapshot(loaded.built.plan, loaded.state, await listNodeRuns(db, runId));
  return { run, result: maskWith(env)(result) };
}

/** Cancels a running or paused run. In flight here: aborted now; held by another process: asked to. */
export async function cancelRunById(db: Db, userId: string, runId: string): Promise<{ status: string }> {
  const run = await getOwnedRun(db, userId, runId);
  if (TERMINAL.has(run.status)) throw new RunServiceError("conflict", `The run already ended (${run.status})`);
  if (run.runtime === "trigger.dev") {
    return { status: await cancelOnTrigger(db, run) };
  }
  const active = activeRuns.get(runId);
  if (active && abortActive(runId, "cancel")) {
    await active.done;
    return { status: (await getOwnedRun(db, userId, runId)).status };
  }
  const owner = executionOwner();
  if (await claimLease(db, runId, owner, runtimeSettings().leaseMs)) {
    await launchExecution(db, runId, owner, { kind: "cancel" });
    const after = await getOwnedRun(db, userId, runId);
    if (!TERMINAL.has(after.status)) await releaseLease(db, runId, owner);
    return { status: after.status };
  }
  await requestCancel(db, runId);
  return { status: "cancelling" };
}

export type ResumeTarget = { waitpointId: string } | { nodeId: string };

/**
 * Answers a waitpoint of a paused run and continues it in the background. Exactly one of two
 * racing resumes wins (the run's lease, then the waitpoint row's open -> decided update).
 */
export async function resumeRunById(db: Db, userId: string, runId: string, target: ResumeTarget, input: unknown, decidedBy?: string): Promise<StartedRun> {
  const run = await getOwnedRun(db, userId, runId);
  if (run.status !== "paused") throw new RunServiceError("conflict", `The run is ${run.status}, not paused`);
  if (run.runtime === "trigger.dev") return resumeOnTrigger(db, run, target, input, decidedBy ?? userId);
  const owner = executionOwner();
  if (!(await claimLease(db, runId, owner, runtimeSettings().leaseMs))) throw new RunServiceError("conflict", "The run is being resumed or changed right now; try again");
  try {
    const loaded = await loadRunState(db, runId, ownerEnv(db));
    const built = loaded?.built;
    if (!loaded?.state || !built?.ok || loaded.run.status !== "paused") throw new RunServiceError("conflict", `The run is ${loaded?.run.status ?? "gone"}, not paused`);
    const state = loaded.state;
    const found = findWaitpoint(state, target);
    if ("code" in found) throw new RunServiceError(found.code === "NOT_FOUND" ? "not_found" : found.code === "AMBIGUOUS" ? "invalid" : "conflict", found.message);
    if (found.expiresAt !== null && found.expiresAt <= Date.now()) {
      const done = launchExecution(db, runId, owner, { kind: "expire" });
      await done;
      throw new RunServiceError("conflict", `The waitpoint expired at ${new Date(found.expiresAt).toISOString()}`);
    }
    checkResumeInput(built.plan, found, input);
    const decision = input && typeof input === "object" && !Array.isArray(input) ? input : { value: input ?? null };
    const closed = await closeWaitpoint(db, found.id, { status: "decided", decision, decidedBy: decidedBy ?? userId });
    if (!closed) throw new RunServiceError("conflict", "The waitpoint was already answered");
    await db.update(runs).set({ status: "running", updatedAt: new Date() }).where(eq(runs.id, runId));
    return { run: { ...loaded.run, status: "running" }, done: launchExecution(db, runId, owner, { kind: "resume", waitpointId: found.id, input: input ?? {} }) };
  } catch (error) {
    if (!activeRuns.has(runId)) await releaseLease(db, runId, owner);
    throw error;
  }
}

/** Trigger.dev runs: the coordinator holds the state; the app closes the row, then completes the wait token. */
async function resumeOnTrigger(db: Db, run: Run, target: ResumeTarget, input: unknown, decidedBy: string): Promise<StartedRun> {
  const loaded = await loadRunState(db, run.id, ownerEnv(db));
  const built = loaded?.built;
  if (!loaded?.state || !built?.ok) throw new RunServiceError("conflict", "The run has no paused state yet; try again in a moment");
  const found = findWaitpoint(loaded.state, target);
  if ("code" in found) throw new RunServiceError(found.code === "NOT_FOUND" ? "not_found" : found.code === "AMBIGUOUS" ? "invalid" : "conflict", found.message);
  checkResumeInput(built.plan, found, input);
  const decision = input && typeof input === "object" && !Array.isArray(input) ? input : { value: input ?? null };
  const closed = await closeWaitpoint(db, found.id, { status: "decided", decision, decidedBy });
  if (!closed) throw new RunServiceError("conflict", "The waitpoint was already answered");
  await completeTriggerWaitpoint(closed.triggerTokenId, { waitpointId: found.id, input: input ?? {}, decidedBy });
  return { run, done: Promise.resolve() };
}

/** The node's own check of a resume input (as the engine will run it), before the waitpoint is spent. */
function checkResumeInput(plan: Plan, found: Waitpoint, input: unknown): void {
  const handler = plan.nodes.get(found.key.nodeId)?.handler;
  try {
    handler?.resume?.(found.config, input ?? {}, { openedAt: found.openedAt, resumedAt: Date.now(), details: found.details });
  } catch (error) {
    if (error instanceof NodeError && error.code === "VALIDATION_ERROR") throw new RunServiceError("invalid", `input: ${error.message}`);
  }
}

/** A new run of the same version with the same inputs; `fromFailed` reuses the outputs of nodes that completed. */
export async function rerunById(db: Db, userId: string, runId: string, options: { fromFailed?: boolean } = {}): Promise<StartedRun> {
  const run = await getOwnedRun(db, userId, runId);
  if (run.trigger === "cli") throw new RunServiceError("conflict", "Command-line runs can't be re-run from the app");
  const trigger = engineTrigger(run.trigger);
  if (!options.fromFailed) {
    return launchNew(db, { workflowId: run.workflowId, ownerId: userId, versionId: run.versionId, inputs: run.inputs as Record<string, unknown>, trigger: run.trigger, execution: { kind: "start", inputs: run.inputs, trigger } });
  }
  if (run.status !== "failed") throw new RunServiceError("conflict", `Only a failed run can be re-run from its failed node; this one is ${run.status}`);
  const recorded = await completedResults(db, runId);
  return launchNew(db, {
    workflowId: run.workflowId,
    ownerId: userId,
    versionId: run.versionId,
    inputs: run.inputs as Record<string, unknown>,
    trigger: run.trigger,
    execution: { kind: "replay", inputs: run.inputs, trigger, recorded },
  });
}

/** Outputs (and branch handles, variables) of the top-level nodes that completed in a run. */
async function completedResults(db: Db, runId: string): Promise<Map<string, RecordedResult>> {
  const loaded = await loadRunState(db, runId, ownerEnv(db));
  const state = loaded?.state ?? undefined;
  const built = loaded?.built ?? null;
  const recorded = new Map<string, RecordedResult>();
  for (const row of await listNodeRuns(db, runId)) {
    if (row.status !== "completed" || !Array.isArray(row.path) || row.path.length > 0) continue;
    const node = built?.ok ? built.plan.nodes.get(row.nodeId) : undefined;
    if (!node || node.handler.container) continue; // containers run their bodies again
    const instance = state?.frames[""]?.nodes[row.nodeId];
    const output = row.output as { name?: unknown; value?: unknown } | null;
    const variables = node.type === "variable" && output && typeof output.name === "string" ? { [output.name]: output.value } : undefined;
    recorded.set(row.nodeId, { output: row.output, handle: instance?.handle, variables });
  }
  return recorded;
}
