/**
 * Sub-workflows in the app (spec 4.1), on both runtimes: a `workflow` node names a workflow of
 * the run's owner by id. The child is a run of its own (trigger `workflow`, linked to its parent run and node). A
 * waited-for child makes the node pause on a `workflow` waitpoint that the child's end answers in
 * the same transaction that ends it (lib/runs/store/children.ts): durable across crashes and days.
 * The child's id is derived from the parent's node attempt, so an attempt re-sent after a crash
 * finds the child it started instead of starting another.
 */
import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { formatProblems, validateInputs } from "@/lib/engine";
import { ErrorCode, NodeError } from "@/lib/engine/errors";
import type { ChildRunOutcome, SubWorkflowHost } from "@/lib/engine/handlers/types";
import { MAX_CALL_DEPTH } from "@/lib/engine/handlers/workflow";
import { toolInputSchema, toolNameOf } from "@/lib/engine/llm/workflow-tool";
import { runs, waitpoints, workflows, type Run } from "@/lib/db/schema";
import type { Db } from "@/lib/db/types";
import { abortActive, activeRuns } from "./active";
import { announceAnswer } from "./answer-feed";
import { executionOwner, runtimeSettings } from "./config";
import { launchExecution } from "./execute";
import { startOnTriggerOrFail } from "./on-trigger";
import { wakeTriggerParent } from "./trigger/children";
import { planOf } from "./plan";
import { engineTrigger, launchNew } from "./service";
import { claimLease, versionToRun } from "./store";
import { childEndOf } from "./store/children";

const ENDED_STATUSES = new Set(["completed", "failed", "cancelled"]);

/** The child run id of one attempt of one node instance of a parent run (and one of its calls: an agent's tool call). */
export function childRunId(parentRunId: string, instance: string, attempt: number, call?: string): string {
  const key = `${parentRunId}\u0000${instance}\u0000${attempt}${call === undefined ? "" : `\u0000${call}`}`;
  return `run_${createHash("sha256").update(key).digest("hex").slice(0, 32)}`;
}

type ParentRun = Pick<Run, "id" | "ownerId" | "workspaceId" | "callDepth" | "parentRunId" | "workflowId">;

/** The workflows' names from the top-level run down to `run` (for a DEPTH_LIMIT message). */
async function callChain(db: Db, run: ParentRun): Promise<string[]> {
  const names: string[] = [];
  let current: Pick<Run, "parentRunId" | "workflowId"> | undefined = run;
  for (let hops = 0; current && hops <= MAX_CALL_DEPTH + 1; hops++) {
    const [row] = current.workflowId ? await db.select({ name: workflows.name }).from(workflows).where(eq(workflows.id, current.workflowId)) : [];
    names.unshift(row?.name ?? "(deleted workflow)");
    if (!current.parentRunId) break;
    [current] = await db.select({ parentRunId: runs.parentRunId, workflowId: runs.workflowId }).from(runs).where(eq(runs.id, current.parentRunId));
  }
  return names;
}

const refuse = (message: string) => new NodeError(message, ErrorCode.VALIDATION_ERROR, { retryable: false });

/**
 * The host of the `workflow` nodes of one run. Children run where their parent runs: in this
 * process, or (`onTrigger`, from an execute-node task) as coordinators of their own on Trigger.dev.
 */
export function createAppWorkflowHost(db: Db, parent: ParentRun, { onTrigger = false }: { onTrigger?: boolean } = {}): SubWorkflowHost {
  const workflowOf = async (id: string) => {
    if (!parent.ownerId || !parent.workspaceId) throw refuse("this run has no workspace to look workflows up in");
    // Any workflow of the same workspace: the one that calls it could run it anyway.
    const [workflow] = await db.select().from(workflows).where(and(eq(workflows.id, id), eq(workflows.workspaceId, parent.workspaceId)));
    if (!workflow) throw refuse(`no workflow "${id}" in this workspace`);
    return workflow;
  };
  return {
    async describe(id) {
      const workflow = await workflowOf(id);
      return {
        toolName: toolNameOf(workflow.name, workflow.id),
        description: workflow.mcpDescription || `Runs the workflow “${workflow.name}” and answers with its outputs`,
        inputSchema: toolInputSchema((workflow.definition as { inputs?: unknown } | null)?.inputs),
      };
    },
    async follow(runId, signal) {
      const [child] = await db.select({ parentRunId: runs.parentRunId }).from(runs).where(eq(runs.id, runId));
      if (child?.parentRunId !== parent.id) throw refuse(`the run ${runId} is not a child of this run`);
      return childEndHere(db, runId, signal);
    },
    async run(request): Promise<ChildRunOutcome> {
      const depth = parent.callDepth + 1;
      if (depth > MAX_CALL_DEPTH) {
        const chain = await callChain(db, parent);
        throw new NodeError(`calls nest at most ${MAX_CALL_DEPTH} deep: ${[...chain, request.workflow].join(" → ")}`, ErrorCode.DEPTH_LIMIT, { retryable: false });
      }
      const workflow = await workflowOf(request.workflow);
      const built = planOf(workflow.definition);
      if (!built.ok) throw refuse(`the workflow "${workflow.name}" has problems: ${formatProblems(built.problems).replace(/\n/g, "; ")}`);
      const checked = validateInputs(built.plan, request.inputs);
      if (!checked.ok) throw refuse(`the inputs don't fit "${workflow.name}": ${formatProblems(checked.problems).replace(/\n/g, "; ")}`);

      const id = childRunId(parent.id, request.parent.instance, request.parent.attempt, request.parent.call);
      const [existing] = await db.select().from(runs).where(eq(runs.id, id));
      const link = { runId: parent.id, nodeId: request.parent.nodeId };
      const trigger = { ...engineTrigger("workflow", undefined, request.inputs), parent: link };
      if (!existing) {
        const version = await versionToRun(db, { workflowId: workflow.id, definition: workflow.definition });
        await launchNew(db, {
          id,
          workflowId: workflow.id,
          ownerId: parent.ownerId!,
          versionId: version.id,
          definition: version.definition,
          inputs: request.inputs,
          trigger: "workflow",
          parent: { ...link, depth },
          execution: { kind: "start", inputs: request.inputs, trigger },
          ...(onTrigger ? { runtime: "trigger.dev" as const } : {}),
        });
      } else if (existing.runtime === "trigger.dev" && existing.status === "pending" && !existing.triggerRunId) {
        // The attempt that inserted it died before handing it over: hand it over now (the trigger call is idempotent per run).
        await startOnTriggerOrFail(db, id, trigger);
      }
      if (!request.wait) return { runId: id, status: "started", outputs: {} };
      if (request.waitInProcess) return childEndHere(db, id, request.signal);
      // Re-sent after a crash and the child ended meanwhile: its end is the node's result now.
      const ended = existing ? childEndOf(existing) : null;
      return ended ?? { runId: id, status: "running", outputs: {} };
    },
  };
}

/** How often a child executing in another process is looked at, for a caller waiting here. */
const FOLLOW_MS = 250;

/**
 * Waits here for a child's end (an agent's tool call, in the middle of its model call). Executing
 * in this process: its execution's end; elsewhere: its row, every FOLLOW_MS. A child that pauses
 * for people answers `running`: the agent then pauses its node on the child, durably, rather than
 * wait days in memory. The caller's abort cancels a child executing here.
 */
async function childEndHere(db: Db, id: string, signal: AbortSignal): Promise<ChildRunOutcome> {
  // One listener for the whole wait, removed after it: an agent calls many tools on one signal.
  let onAbort!: () => void;
  const aborted = new Promise<void>((resolve) => {
    onAbort = () => {
      abortActive(id, "cancel");
      resolve();
    };
  });
  if (signal.aborted) onAbort();
  else signal.addEventListener("abort", onAbort, { once: true });
  try {
    for (;;) {
      const active = activeRuns.get(id);
      if (active) await Promise.race([active.done, aborted]);
      if (signal.aborted) throw signal.reason;
      const [row] = await db.select().from(runs).where(eq(runs.id, id));
      if (!row) throw refuse(`the child run ${id} is gone`);
      const ended = childEndOf(row);
      if (ended) return ended;
      // Waiting for people: the caller pauses on a `workflow` waitpoint, which the child's end answers.
      if (row.status === "paused" && !activeRuns.has(id)) return { runId: id, status: "running", outputs: {} };
      if (!activeRuns.has(id)) await new Promise((resolve) => setTimeout(resolve, FOLLOW_MS));
    }
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}

/**
 * After a child ended here: its parent took the answer in its inbox (lib/runs/store/children.ts);
 * continue the parent now rather than at the next recovery sweep. Executing here: fed at once;
 * elsewhere: its own inbox poll finds it; nobody: this process takes it.
 */
export async function wakeParent(db: Db, childRunId: string): Promise<void> {
  const [child] = await db.select({ parentRunId: runs.parentRunId, status: runs.status }).from(runs).where(eq(runs.id, childRunId));
  if (!child?.parentRunId || !ENDED_STATUSES.has(child.status)) return;
  const parentId = child.parentRunId;
  if (activeRuns.has(parentId)) return announceAnswer(parentId);
  const [parent] = await db.select({ status: runs.status, inbox: runs.inbox, runtime: runs.runtime }).from(runs).where(eq(runs.id, parentId));
  if (!parent || parent.status !== "running" || parent.inbox === 0) return;
  // A parent on Trigger.dev sleeps on its wait token (a child ended here: cancelled by its owner).
  if (parent.runtime === "trigger.dev") return void (await wakeTriggerParent(db, childRunId));
  if (parent.runtime !== "embedded") return;
  const owner = executionOwner();
  if (await claimLease(db, parentId, owner, runtimeSettings().leaseMs)) void launchExecution(db, parentId, owner, { kind: "continue" });
}

/**
 * The child runs a run is waiting for (its open `workflow` waitpoints: `childRunId`, and an agent's
 * `childRunIds` when several of its calls wait): cancelled with it.
 */
export async function waitedChildren(db: Db, parentRunId: string): Promise<string[]> {
  const rows = await db
    .select({ childRunId: sql<string | null>`${waitpoints.details}->>'childRunId'`, childRunIds: sql<unknown>`${waitpoints.details}->'childRunIds'` })
    .from(waitpoints)
    .where(and(eq(waitpoints.runId, parentRunId), eq(waitpoints.kind, "workflow"), eq(waitpoints.status, "open")));
  const ids = rows.flatMap((r) => [r.childRunId, ...(Array.isArray(r.childRunIds) ? r.childRunIds : [])]);
  return [...new Set(ids.filter((id): id is string => typeof id === "string"))];
}
