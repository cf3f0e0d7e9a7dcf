/**
 * Runs again from what an earlier run did: Re-run (same inputs and version), Retry from failed
 * (the nodes that completed are not run again) and Run from here (the workflow's current
 * definition, the nodes before the chosen one reusing the last run's outputs). Reused nodes
 * complete at once with their recorded output through the replay runtime (lib/engine/run/replay.ts).
 */
import { and, desc, eq, inArray } from "drizzle-orm";
import type { Plan } from "@/lib/engine";
import type { RecordedResult } from "@/lib/engine/run/replay";
import { runs } from "@/lib/db/schema";
import type { Db } from "@/lib/db/types";
import { RunServiceError } from "./errors";
import { planOf } from "./plan";
import type { Actor } from "@/lib/workspaces/access";
import { engineTrigger, launchNew, runFor, workflowFor, workspaceEnv, type StartedRun } from "./service";
import { loadRunState } from "./snapshot";
import { versionToRun, listTopLevelNodeRuns } from "./store";

/** A new run of the same version with the same inputs; `fromFailed` reuses the outputs of nodes that completed. */
export async function rerunById(db: Db, actor: Actor, runId: string, options: { fromFailed?: boolean } = {}): Promise<StartedRun> {
  const run = await runFor(db, actor, runId, "run");
  if (run.trigger === "cli") throw new RunServiceError("conflict", "Command-line runs can't be re-run from the app");
  const trigger = engineTrigger(run.trigger);
  if (!options.fromFailed) {
    return launchNew(db, { workflowId: run.workflowId, ownerId: actor.userId, versionId: run.versionId, inputs: run.inputs as Record<string, unknown>, trigger: run.trigger, execution: { kind: "start", inputs: run.inputs, trigger } });
  }
  if (run.status !== "failed") throw new RunServiceError("conflict", `Only a failed run can be re-run from its failed node; this one is ${run.status}`);
  const recorded = await completedResults(db, runId);
  return launchNew(db, {
    workflowId: run.workflowId,
    ownerId: actor.userId,
    versionId: run.versionId,
    inputs: run.inputs as Record<string, unknown>,
    trigger: run.trigger,
    execution: { kind: "replay", inputs: run.inputs, trigger, recorded },
  });
}

/** Outputs (and branch handles, variables) of the top-level nodes that completed in a run. */
export async function completedResults(db: Db, runId: string): Promise<Map<string, RecordedResult>> {
  const loaded = await loadRunState(db, runId, workspaceEnv(db));
  const state = loaded?.state ?? undefined;
  const built = loaded?.built ?? null;
  const recorded = new Map<string, RecordedResult>();
  for (const row of await listTopLevelNodeRuns(db, runId)) {
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

/** The node and every node after it along the definition's edges (what Run from here runs again). */
export function fromNodeOn(plan: Plan, nodeId: string): Set<string> {
  const reached = new Set<string>([nodeId]);
  const queue = [nodeId];
  while (queue.length > 0) {
    for (const edge of plan.nodes.get(queue.shift()!)?.outgoing ?? []) {
      if (reached.has(edge.target)) continue;
      reached.add(edge.target);
      queue.push(edge.target);
    }
  }
  return reached;
}

/**
 * Run from here: a new run of the workflow's current definition with the inputs of `runId` (else
 * its latest run), where the top-level nodes before `nodeId` complete at once with what they
 * output in that run, and `nodeId` and everything after it run.
 */
export async function runFromNode(db: Db, actor: Actor, workflowId: string, nodeId: string, options: { runId?: string } = {}): Promise<StartedRun> {
  const workflow = await workflowFor(db, actor, workflowId, "run");
  const built = planOf(workflow.definition);
  if (!built.ok) throw new RunServiceError("invalid", "The workflow has problems; fix them before running it", built.problems);
  const node = built.plan.nodes.get(nodeId);
  if (!node) throw new RunServiceError("invalid", `No node "${nodeId}" in the workflow`);
  if (node.depth > 0) throw new RunServiceError("invalid", "Run from here starts at a top-level node: choose the loop or parallel that holds it");
  const source = options.runId ? await runFor(db, actor, options.runId) : await latestRun(db, workflowId);
  if (!source || source.workflowId !== workflowId) throw new RunServiceError("conflict", "Run the workflow once first: Run from here reuses the outputs of the nodes before this one");
  if (source.status === "running" || source.status === "pending") throw new RunServiceError("conflict", "The last run is still running; wait for it, or cancel it");
  const again = fromNodeOn(built.plan, nodeId);
  const recorded = await completedResults(db, source.id);
  for (const id of [...recorded.keys()]) if (again.has(id) || !built.plan.nodes.has(id)) recorded.delete(id);
  const version = await versionToRun(db, { workflowId, definition: workflow.definition });
  const trigger = engineTrigger(source.trigger);
  return launchNew(db, {
    workflowId,
    ownerId: actor.userId,
    versionId: version.id,
    inputs: source.inputs as Record<string, unknown>,
    trigger: source.trigger,
    execution: { kind: "replay", inputs: source.inputs, trigger, recorded },
  });
}

export async function latestRun(db: Db, workflowId: string) {
  const [row] = await db
    .select()
    .from(runs)
    .where(and(eq(runs.workflowId, workflowId), inArray(runs.status, ["completed", "failed", "cancelled", "paused"])))
    .orderBy(desc(runs.startedAt))
    .limit(1);
  return row;
}
