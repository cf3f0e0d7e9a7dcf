/**
 * The run service: what routes, server actions, webhooks and schedules call. Every function
 * takes the actor (lib/workspaces/access.ts): a run or workflow outside its workspaces is unknown
 * (not_found); one its role can't act on is refused (forbidden).
 * Runs execute in the background in this process (./execute.ts); these functions return at once.
 */
import { eq, sql } from "drizzle-orm";
import { lookupWaitpoint, NodeError, newRunId, validateInputs, type Plan, type RunResult, type RunTrigger as EngineTrigger, type Waitpoint } from "@/lib/engine";
import { runs, workflows, type Run, type RunTrigger, type WorkspaceRole } from "@/lib/db/schema";
import type { Db } from "@/lib/db/types";
import { actingRole, memberRole, memberRoleOf, refusalText, type Actor } from "@/lib/workspaces/access";
import { can, type Capability } from "@/lib/workspaces/roles";
import { abortActive, activeRuns } from "./active";
import { announceAnswer } from "./answer-feed";
import { executionOwner, runtimeSettings } from "./config";
import { RunServiceError, runNotFound, workflowNotFound } from "./errors";
import { launchExecution, type Execution } from "./execute";
import { waitedChildren } from "./subworkflows";
import { cancelOnTrigger, completeTriggerWaitpoint, startOnTriggerOrFail, triggerEnabled } from "./on-trigger";
import { planOf, resultFromSnapshot } from "./plan";
import { loadRunState } from "./snapshot";
import { claimLease, createRun, versionToRun, listTopLevelNodeRuns, recordAnswer, releaseLease, requestCancel, type AnswerRefusal } from "./store";

export interface StartedRun {
  run: Run;
  /**
   * Settles when this process stops executing the run (finished, paused, cancelled); with the run's
   * result, as stored, when this process ended it (`?wait=true` answers from it without a read).
   */
  done: Promise<RunResult | undefined>;
}

const TERMINAL = new Set(["completed", "failed", "cancelled"]);

/** not_found without a role, forbidden without the capability: one query reads the row and the role. */
function checked<T>(actor: Actor, found: { row: T; workspaceId: string | null; member: WorkspaceRole | null } | undefined, capability: Capability, notFound: () => RunServiceError): T {
  const role = found ? actingRole(actor, found.workspaceId, found.member) : null;
  if (!found || !role) throw notFound();
  if (!can(role, capability)) throw new RunServiceError("forbidden", refusalText(role, capability));
  return found.row;
}

/** A workflow the actor may `capability` (default: see). */
export async function workflowFor(db: Db, actor: Actor, workflowId: string, capability: Capability = "view") {
  const [found] = await db.select({ row: workflows, workspaceId: workflows.workspaceId, member: memberRole(actor, workflows.workspaceId) }).from(workflows).where(eq(workflows.id, workflowId)).limit(1);
  return checked(actor, found, capability, workflowNotFound);
}

/** A run the actor may `capability` (default: see). */
export async function runFor(db: Db, actor: Actor, runId: string, capability: Capability = "view"): Promise<Run> {
  const [found] = await db.select({ row: runs, workspaceId: runs.workspaceId, member: memberRole(actor, runs.workspaceId) }).from(runs).where(eq(runs.id, runId)).limit(1);
  return checked(actor, found, capability, runNotFound);
}

/** Engine trigger for a stored trigger kind (manual and API runs fire `trigger` entry nodes). */
export function engineTrigger(trigger: RunTrigger, nodeId?: string, payload?: unknown): EngineTrigger {
  return { kind: trigger, ...(nodeId ? { nodeId } : {}), ...(payload !== undefined ? { payload } : {}) };
}

/**
 * Starts a run of the workflow's current definition (an immutable version row, shared with the
 * previous run when the definition did not change). Invalid definitions or inputs: `invalid`.
 * "system": a schedule or a webhook (its secret is the access); the run is started as the
 * workflow's creator.
 */
export async function startWorkflowRun(
  db: Db,
  actor: Actor | "system",
  workflowId: string,
  inputs: unknown,
  trigger: RunTrigger,
  entry: { nodeId?: string } = {},
): Promise<StartedRun> {
  const { workflow, env } = actor === "system" ? { workflow: await systemWorkflow(db, workflowId), env: undefined } : await workflowToRun(db, actor, workflowId);
  const built = planOf(workflow.definition);
  if (!built.ok) throw new RunServiceError("invalid", "The workflow has problems; fix them before running it", built.problems);
  const checkInputs = trigger === "manual" || trigger === "api";
  if (checkInputs) {
    const checked = validateInputs(built.plan, inputs);
    if (!checked.ok) throw new RunServiceError("invalid", `inputs: ${checked.problems[0]?.message ?? "invalid"}`, checked.problems);
  }
  // A person's start has the secrets from the workflow's read; a system start (schedule, webhook)
  // reads them beside the version and the insert (another connection on PostgreSQL).
  const runEnv = triggerEnabled() ? undefined : env ? Promise.resolve(env) : workspaceSecrets(db, workflow.workspaceId);
  const version = await versionToRun(db, { workflowId, definition: workflow.definition });
  return launchNew(db, {
    workflowId,
    ownerId: actor === "system" ? workflow.ownerId : actor.userId,
    versionId: version.id,
    definition: version.definition,
    // Built from the workflow's definition, which equals the version's (both as PostgreSQL keeps jsonb).
    plan: built.plan,
    env: runEnv,
    inputs: (inputs ?? {}) as Record<string, unknown>,
    trigger,
    execution: { kind: "start", inputs, trigger: engineTrigger(trigger, entry.nodeId) },
  });
}

/** Prepared once per database: drizzle builds its SQL once, not on every run start (issue 18). */
function prepareWorkflowToRun(db: Db, secretsOfMember: typeof import("@/lib/secrets/store").secretsOfMember) {
  const userId = sql.placeholder("userId");
  return db
    .select({ row: workflows, workspaceId: workflows.workspaceId, member: memberRoleOf(userId, workflows.workspaceId), secrets: secretsOfMember(workflows.workspaceId, userId) })
    .from(workflows)
    .where(eq(workflows.id, sql.placeholder("workflowId")))
    .limit(1)
    .prepare("workflow_to_run");
}
const workflowToRunQueries = new WeakMap<Db, ReturnType<typeof prepareWorkflowToRun>>();

/**
 * workflowFor(…, "run") and the secrets of its workspace (what the run's env is), in one statement:
 * a run start needs both (issue 18). The secrets come only for a member, and are decrypted here.
 */
async function workflowToRun(db: Db, actor: Actor, workflowId: string) {
  const { envOf, secretsOfMember } = await import("@/lib/secrets/store");
  let query = workflowToRunQueries.get(db);
  if (!query) workflowToRunQueries.set(db, (query = prepareWorkflowToRun(db, secretsOfMember)));
  const [found] = await query.execute({ userId: actor.userId, workflowId });
  const workflow = checked(actor, found, "run", workflowNotFound);
  return { workflow, env: workflow.workspaceId ? envOf(workflow.workspaceId, found?.secrets ?? []) : {} };
}

async function systemWorkflow(db: Db, workflowId: string) {
  const [row] = await db.select().from(workflows).where(eq(workflows.id, workflowId)).limit(1);
  if (!row) throw workflowNotFound();
  return row;
}

/** A new run row, executed here (embedded) or handed to Trigger.dev; a child run brings its id and parent. */
export async function launchNew(
  db: Db,
  r: {
    workflowId: string | null;
    ownerId: string;
    versionId: string;
    /** The version's definition, when the caller has it: a start then reads nothing back. */
    definition?: unknown;
    /** The run's workspace's secrets, being read (with `definition`). */
    env?: Promise<Record<string, string>>;
    /** `definition` built (with it). */
    plan?: Plan;
    inputs: Record<string, unknown>;
    trigger: RunTrigger;
    execution: Execution;
    id?: string;
    parent?: { runId: string; nodeId: string; depth: number };
    /** Where it runs when not by this process's configuration: a child started from a Trigger.dev node task. */
    runtime?: "trigger.dev";
  },
): Promise<StartedRun> {
  const id = r.id ?? newRunId();
  const parent = r.parent ? { parent: r.parent } : {};
  // Trigger.dev executes fresh runs when configured (it takes no lease); a re-run from a failed
  // node replays recorded outputs, which only the embedded runtime does.
  if ((r.runtime === "trigger.dev" || triggerEnabled()) && r.execution.kind === "start") {
    const run = await createRun(db, { id, workflowId: r.workflowId, ownerId: r.ownerId, versionId: r.versionId, inputs: r.inputs, trigger: r.trigger, runtime: "trigger.dev", status: "pending", ...parent });
    await startOnTriggerOrFail(db, run.id, r.execution.trigger);
    return { run, done: Promise.resolve(undefined) };
  }
  // Inserted claimed by the execution that runs it: no other process can take it before it starts.
  const owner = executionOwner();
  const lease = { owner, ttlMs: runtimeSettings().leaseMs };
  const run = await createRun(db, { id, workflowId: r.workflowId, ownerId: r.ownerId, versionId: r.versionId, inputs: r.inputs, trigger: r.trigger, runtime: "embedded", status: "running", lease, ...parent });
  const fresh = r.definition !== undefined ? { run, definition: r.definition, plan: r.plan, env: r.env } : undefined;
  return { run, done: launchExecution(db, run.id, owner, r.execution, fresh) };
}

/** The secrets of a workspace, read now; a failure is the run's (awaited by its execution), never unhandled. */
function workspaceSecrets(db: Db, workspaceId: string | null): Promise<Record<string, string>> {
  const reading = import("@/lib/secrets/store").then(({ secretsEnv }) => secretsEnv(db, workspaceId));
  reading.catch(() => {}); // the insert may fail first: then nobody awaits it
  return reading;
}

/** The secrets of a run's workspace (what its journal is replayed with). */
export const workspaceEnv = (db: Db) => async (run: Run) => (await import("@/lib/secrets/store")).secretsEnv(db, run.workspaceId);

/** The run result (spec section 6): the stored one of a finished run, else built from the snapshot. */
/**
 * The run result (spec section 6) as stored now. `seq` is the last event it reflects, for a run that
 * has not ended: live events reach readers before the checkpoint that stores them, so a reader that
 * has seen a later event knows this result is behind and asks again (components/runs/use-run-view.ts).
 * An ended run's result is final: no seq.
 */
export async function getRunResult(db: Db, actor: Actor, runId: string): Promise<{ run: Run; result: RunResult | null; seq: number | null }> {
  return runResultOf(db, await runFor(db, actor, runId));
}

/** getRunResult for a run the caller already may see (a share link's). */
export async function runResultOf(db: Db, run: Run): Promise<{ run: Run; result: RunResult | null; seq: number | null }> {
  const runId = run.id;
  if (TERMINAL.has(run.status) && run.result) return { run, result: run.result as RunResult, seq: null };
  const { secretsEnv } = await import("@/lib/secrets/store");
  const env = await secretsEnv(db, run.workspaceId);
  const loaded = await loadRunState(db, runId, env);
  if (!loaded?.state || !loaded.built.ok) return { run, result: null, seq: loaded ? loaded.nextSeq - 1 : null };
  const { maskWith } = await import("./plan");
  const result = resultFromSnapshot(loaded.built.plan, loaded.state, await listTopLevelNodeRuns(db, runId));
  return { run, result: maskWith(env)(result), seq: TERMINAL.has(result.status) ? null : loaded.nextSeq - 1 };
}

/**
 * Cancels a running or paused run. Executing here: aborted now. Executing in another process: asked
 * to (its next lease renewal sees the request). Paused: cancelled from its snapshot here.
 */
export async function cancelRunById(db: Db, actor: Actor, runId: string): Promise<{ status: string }> {
  const run = await runFor(db, actor, runId, "run");
  if (TERMINAL.has(run.status)) throw new RunServiceError("conflict", `The run already ended (${run.status})`);
  // The children it waits for go with it (spec 4.1), each through this same path (theirs too).
  const children = await waitedChildren(db, runId);
  const status = await cancelOne(db, run);
  for (const child of children) await cancelRunById(db, actor, child).catch((error: unknown) => console.warn(`[runs] cancelling child run ${child} of ${runId}: ${error instanceof Error ? error.message : String(error)}`));
  return status;
}

async function cancelOne(db: Db, run: Run): Promise<{ status: string }> {
  const runId = run.id;
  if (run.runtime === "trigger.dev") {
    return { status: await cancelOnTrigger(db, run) };
  }
  const active = activeRuns.get(runId);
  if (active && abortActive(runId, "cancel")) {
    await active.done;
    const after = await runAsStored(db, runId);
    if (TERMINAL.has(after.status)) return { status: after.status };
    // It stopped before the abort reached it (it had just paused): cancel it from its snapshot below.
  }
  const owner = executionOwner();
  if (await claimLease(db, runId, owner, runtimeSettings().leaseMs)) {
    await launchExecution(db, runId, owner, { kind: "cancel" });
    const after = await runAsStored(db, runId);
    if (!TERMINAL.has(after.status)) await releaseLease(db, runId, owner);
    return { status: after.status };
  }
  await requestCancel(db, runId);
  return { status: "cancelling" };
}

async function runAsStored(db: Db, runId: string): Promise<Run> {
  const [row] = await db.select().from(runs).where(eq(runs.id, runId)).limit(1);
  if (!row) throw runNotFound();
  return row;
}

export type ResumeTarget = { waitpointId: string } | { nodeId: string };

const REFUSALS: Record<AnswerRefusal, [RunServiceError["code"], string]> = {
  closed: ["conflict", "The waitpoint was already answered"],
  expired: ["conflict", "The waitpoint expired"],
  "run-ended": ["conflict", "The run already ended"],
  "not-found": ["not_found", "No such waitpoint"],
};

/**
 * Answers a waitpoint of a paused or running run. The answer, the waitpoint's decision and the run
 * becoming `running` are one write (lib/runs/store/answers.ts), so a crash at any moment after it
 * leaves a run that continues from the answer. When nobody executes the run, this process takes it
 * and continues it in the background; otherwise the execution holding it takes the answer in.
 * Exactly one of two racing answers wins (the waitpoint's open -> decided update).
 */
export async function resumeRunById(db: Db, actor: Actor, runId: string, target: ResumeTarget, input: unknown, decidedBy?: string): Promise<StartedRun> {
  await runFor(db, actor, runId, "run");
  return resumeRun(db, runId, target, input, decidedBy ?? actor.userId);
}

/** resumeRunById for a caller whose access is already settled (an approval link, lib/approvals). */
export async function resumeRun(db: Db, runId: string, target: ResumeTarget, input: unknown, decidedBy: string): Promise<StartedRun> {
  const run = await runAsStored(db, runId);
  if (run.status !== "paused" && run.status !== "running") throw new RunServiceError("conflict", `The run is ${run.status}, not paused`);
  const loaded = await loadRunState(db, runId, workspaceEnv(db));
  if (!loaded?.state || !loaded.built.ok) throw new RunServiceError("conflict", "The run has no waitpoint to answer yet; try again in a moment");
  const found = lookupWaitpoint(loaded.state, target);
  if ("code" in found) throw new RunServiceError(found.code === "NOT_FOUND" ? "not_found" : found.code === "AMBIGUOUS" ? "invalid" : "conflict", found.message);
  if (found.expiresAt !== null && found.expiresAt <= Date.now()) throw new RunServiceError("conflict", `The waitpoint expired at ${new Date(found.expiresAt).toISOString()}`);
  if (found.kind === "workflow") throw new RunServiceError("conflict", `Node "${found.key.nodeId}" waits for its child run ${String(found.details.childRunId)}; it goes on when that run ends`);
  checkResumeInput(loaded.built.plan, found, input);
  const onTrigger = run.runtime === "trigger.dev";
  const owner = executionOwner();
  const recorded = await recordAnswer(db, {
    runId,
    waitpointId: found.id,
    input: input ?? {},
    decidedBy,
    // Trigger.dev's coordinator executes its runs; embedded ones are taken by whoever answers.
    claimFor: onTrigger ? undefined : { owner, ttlMs: runtimeSettings().leaseMs },
  });
  if (!recorded.ok) {
    const [code, message] = REFUSALS[recorded.reason];
    throw new RunServiceError(code, message);
  }
  const after = { ...run, status: "running" as const };
  if (onTrigger) {
    await completeTriggerWaitpoint(recorded.waitpoint.triggerTokenId, { waitpointId: found.id, input: input ?? {}, decidedBy });
    return { run: after, done: Promise.resolve(undefined) };
  }
  if (recorded.claimed) return { run: after, done: launchExecution(db, runId, owner, { kind: "continue" }) };
  announceAnswer(runId); // an execution here takes it at once; one elsewhere on its next inbox poll
  return { run: after, done: (activeRuns.get(runId)?.done ?? Promise.resolve()).then(() => undefined) };
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
