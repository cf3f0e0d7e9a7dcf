/**
 * Test this node (n8n's "execute step", SIM's run-from-block, without a stored run): runs one
 * top-level node of the workflow's saved definition, with the nodes before it completing at once
 * with the sample data pinned on them (lib/workflows/pins.ts), else with what they output in the
 * workflow's latest run. Only the node and what leads to it are in the test (nothing after it runs);
 * a node before it with neither runs for real, and the answer says which. Secrets are masked in what
 * comes back. Nothing is stored.
 */
import { createEmbeddedRuntime, startRun, type NodeResult } from "@/lib/engine";
import { createReplayRuntime } from "@/lib/engine/run/replay";
import type { Db } from "@/lib/db/types";
import { secretsEnv } from "@/lib/secrets/store";
import { pinnedOutputsOf } from "@/lib/workflows/pins";
import { upstreamOf } from "@/lib/workflows/upstream";
import { runtimeSettings } from "./config";
import { RunServiceError } from "./errors";
import { maskWith, planOf } from "./plan";
import { completedResults, latestRun } from "./rerun";
import type { Actor } from "@/lib/workspaces/access";
import { engineTrigger, workflowFor } from "./service";

/** A test gives up after this long (a node that waits for people never ends here). */
const TEST_LIMIT_MS = 60_000;

export interface NodeTestResult {
  status: NodeResult["status"];
  output?: unknown;
  error?: { message: string; code: string };
  durationMs?: number;
  /** The run whose outputs the nodes before it reused, and which ones. */
  from: { runId: string; reused: string[] } | null;
  /** Nodes before it that handed on their pinned sample data. */
  pinned: string[];
  /** Nodes before it that ran for real (no recorded output). */
  ran: string[];
}

type Definition = { nodes: { id: string; parentId?: string }[]; edges: { source: string; target: string }[] };

export async function testNode(db: Db, actor: Actor, workflowId: string, nodeId: string): Promise<NodeTestResult> {
  // Testing a node runs it (its requests, its mail) while editing: an editor's tool.
  const workflow = await workflowFor(db, actor, workflowId, "edit");
  const built = planOf(workflow.definition);
  if (!built.ok) throw new RunServiceError("invalid", "The workflow has problems; fix them before testing a node", built.problems);
  const node = built.plan.nodes.get(nodeId);
  if (!node) throw new RunServiceError("invalid", `No node "${nodeId}" in the saved workflow (is it saved yet?)`);
  if (node.depth > 0) throw new RunServiceError("invalid", "Test a top-level node: choose the loop or parallel that holds this one");

  const definition = workflow.definition as Definition;
  const keep = upstreamOf(definition, nodeId);
  const partial = { ...(workflow.definition as object), nodes: definition.nodes.filter((n) => keep.has(n.id)), edges: definition.edges.filter((e) => keep.has(e.source) && keep.has(e.target)) };
  const planned = planOf(partial);
  if (!planned.ok) throw new RunServiceError("invalid", `The nodes before "${nodeId}" can't run on their own: ${planned.problems[0]?.message ?? "invalid"}`);

  const source = await latestRun(db, workflowId);
  const recorded = source ? await completedResults(db, source.id) : new Map();
  for (const id of [...recorded.keys()]) if (id === nodeId || !keep.has(id)) recorded.delete(id);
  // A pin stands for the node's output; the branch it took last time (if any) is kept.
  const pins = (await pinnedOutputsOf(db, actor, workflowId)) ?? {};
  const pinned = Object.keys(pins).filter((id) => id !== nodeId && keep.has(id) && !planned.plan.nodes.get(id)?.handler.container);
  for (const id of pinned) {
    const output = pins[id] as { name?: unknown; value?: unknown } | null;
    const variables = planned.plan.nodes.get(id)?.type === "variable" && output && typeof output.name === "string" ? { [output.name]: output.value } : undefined;
    recorded.set(id, { output: pins[id], handle: recorded.get(id)?.handle, variables });
  }
  const env = await secretsEnv(db, workflow.workspaceId);
  const handler = runtimeSettings().handler;
  const outcome = await startRun({
    plan: planned.plan,
    inputs: source?.inputs ?? {},
    env,
    trigger: engineTrigger(source?.trigger ?? "manual"),
    signal: AbortSignal.timeout(TEST_LIMIT_MS),
    options: { handler, runtime: (ctx) => createReplayRuntime(createEmbeddedRuntime({ plan: ctx.plan, options: ctx.handlerOptions }), recorded) },
  });
  const result = maskWith(env)(outcome.result);
  const tested = result.nodes[nodeId];
  const ran = Object.entries(result.nodes)
    // Entry nodes only hand over the inputs: not worth a mention.
    .filter(([id, n]) => id !== nodeId && !recorded.has(id) && n.status !== "pending" && n.status !== "skipped" && !planned.plan.nodes.get(id)?.handler.entry)
    .map(([id]) => id);
  return {
    status: tested?.status ?? "pending",
    ...(tested?.output !== undefined ? { output: tested.output } : {}),
    ...(tested?.error ? { error: tested.error } : {}),
    ...(tested?.durationMs !== undefined ? { durationMs: tested.durationMs } : {}),
    from: source ? { runId: source.id, reused: [...recorded.keys()].filter((id) => !pinned.includes(id)) } : null,
    pinned,
    ran,
  };
}
