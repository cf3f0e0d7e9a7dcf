/**
 * Builds a definition into a Plan (spec section 2): paths, loops, parallels,
 * edges, with every problem reported at once. Linear in the definition's size
 * apart from the reference check (ancestor bitsets, only when needed).
 */
import { definitionShellSchema, type WorkflowDefinition } from "../definition";
import type { Registry } from "../handlers/registry";
import type { Problem } from "../problems";
import type { BuildContext, EdgeEntry } from "./context";
import { orderScopes } from "./cycles";
import { indexEdges } from "./edges";
import { indexNodes, zodProblems } from "./nodes";
import { reachableNodes } from "./paths";
import { checkReferences, type ReadInfo } from "./references";
import { ROOT_SCOPE, type Plan, type PlanEdge, type PlanNode, type ScopePlan } from "./types";
import { edgeKind } from "./edges";

// Shared by every node that has none (the plan is read-only; frozen so a mutation fails loudly).
const NO_RETRY = Object.freeze({ maxAttempts: 1, backoffMs: 500 });
const NONE = Object.freeze([]) as unknown as string[];

export type BuildResult = { ok: true; plan: Plan; warnings: Problem[] } | { ok: false; problems: Problem[]; warnings: Problem[] };

export function buildPlan(input: unknown, registry: Registry): BuildResult {
  const shell = definitionShellSchema.safeParse(input);
  if (!shell.success) return { ok: false, problems: zodProblems(shell.error, []), warnings: [] };
  const ctx: BuildContext = {
    registry,
    problems: [],
    warnings: [],
    nodes: new Map(),
    edges: [],
    members: new Map(),
    cyclicScopes: new Set(),
    order: new Map(),
  };
  indexNodes(ctx, shell.data.nodes);
  indexEdges(ctx, shell.data.edges);
  orderScopes(ctx);
  reachableNodes(ctx);
  const reads = checkReferences(ctx);
  if (ctx.problems.length > 0) return { ok: false, problems: ctx.problems, warnings: ctx.warnings };

  const definition: WorkflowDefinition = {
    ...(shell.data as Omit<WorkflowDefinition, "nodes" | "edges">),
    version: 1,
    nodes: [...ctx.nodes.values()].sort((a, b) => a.index - b.index).map((n) => n.def),
    edges: ctx.edges.map((e) => e.def),
  };
  const plan = assemble(ctx, reads, definition);
  return { ok: true, plan, warnings: ctx.warnings };
}

function assemble(ctx: BuildContext, info: ReadInfo, definition: WorkflowDefinition): Plan {
  const nodes = new Map<string, PlanNode>();
  // One PlanEdge per edge, shared by its source's `outgoing` and its target's `incoming`.
  for (const e of ctx.edges) {
    if (!(e.from.reached && e.to.reached)) continue;
    e.planned = { id: e.def.id, index: e.index, source: e.def.source, target: e.def.target, handle: e.handle, kind: edgeKind(e.handle) };
  }
  const wire = (list: EdgeEntry[]): PlanEdge[] => {
    const out: PlanEdge[] = [];
    for (const e of list) if (e.planned) out.push(e.planned);
    return out;
  };

  for (const entry of ctx.nodes.values()) {
    const id = entry.def.id;
    if (!entry.reached) continue;
    const outgoing = wire(entry.outgoing);
    const reads = info.reads.get(id);
    const readers = info.readers.get(id);
    nodes.set(id, {
      id,
      type: entry.def.type,
      name: entry.def.name,
      index: entry.index,
      handler: entry.handler!,
      scope: entry.def.parentId ?? ROOT_SCOPE,
      depth: entry.def.parentId ? depthOf(ctx, id) : 0,
      config: entry.def.config,
      compiled: entry.compiled!,
      retry: entry.def.retry ? { maxAttempts: entry.def.retry.maxAttempts, backoffMs: entry.def.retry.backoffMs ?? 500 } : NO_RETRY,
      timeoutMs: entry.def.timeoutMs,
      incoming: wire(entry.incoming),
      outgoing,
      hasErrorEdge: hasErrorEdge(outgoing),
      reads: reads ?? NONE,
      readers: readers ?? NONE,
      keepUntilFrameEnd: info.keptForContainer.has(id),
    });
  }
  // Stages 2 and 3: each loop, then each parallel container gets its body as a sub-plan.
  for (const binding of ["loop", "parallel"] as const) {
    for (const node of nodes.values()) {
      if (node.handler.container?.binding !== binding) continue;
      node.body = scopePlan(ctx, nodes, node.id);
      for (const id of node.body.terminals) nodes.get(id)!.keepUntilFrameEnd = true;
    }
  }
  return {
    definition,
    nodes,
    root: scopePlan(ctx, nodes, ROOT_SCOPE),
    variables: { ...(definition.variables ?? {}) },
    inputsSchema: definition.inputs,
    warnings: ctx.warnings,
  };
}

function hasErrorEdge(edges: PlanEdge[]): boolean {
  for (const edge of edges) if (edge.kind === "error") return true;
  return false;
}

function depthOf(ctx: BuildContext, id: string): number {
  let depth = 0;
  for (let scope = ctx.nodes.get(id)?.def.parentId; scope; scope = ctx.nodes.get(scope)?.def.parentId) depth++;
  return depth;
}

function scopePlan(ctx: BuildContext, nodes: Map<string, PlanNode>, scope: string): ScopePlan {
  const order: string[] = [];
  const entries: string[] = [];
  const terminals: string[] = [];
  for (const id of ctx.order.get(scope) ?? []) {
    const node = nodes.get(id);
    if (!node) continue;
    order.push(id);
    if (scope === ROOT_SCOPE ? node.handler.entry : node.incoming.length === 0) entries.push(id);
    if (node.outgoing.length === 0) terminals.push(id);
  }
  return { id: scope, nodes: order, entries, terminals };
}
