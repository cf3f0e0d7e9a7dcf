/**
 * `{{` completions for template fields: the references that can exist at a node
 * (spec section 5): upstream nodes (ancestors along edges, and those of the
 * containers it sits in), `inputs`, `var.*`, `env.*`, `run.*`, and `loop.*` /
 * `parallel.*` inside containers.
 */
import { ancestors, parentChain } from "./definition-graph";
import type { WorkflowDefinition } from "./definition-types";

export type Completion = { insert: string; detail: string; kind: "node" | "scope" };

/** Output fields the spec's node table (section 4) promises, so `{{fetchUser.` can go on. */
const OUTPUT_FIELDS: Record<string, string[]> = {
  webhook: ["body", "headers", "query"],
  schedule: ["scheduledAt"],
  http: ["status", "headers", "data"],
  jsonata: ["result"],
  javascript: ["result"],
  map: ["result"],
  filter: ["result"],
  condition: ["result"],
  router: ["selectedRoute"],
  variable: ["name", "value"],
  delay: ["waitedMs"],
  output: ["value"],
  llm: ["text", "model", "usage"],
  approval: ["decision", "input", "decidedBy", "decidedAt"],
  human_input: ["userInput", "resumedAt", "pauseDuration"],
  loop: ["results", "count"],
  parallel: ["results"],
};

const LOOP_FIELDS = ["index", "iteration", "item", "total", "isFirst", "isLast"];
const PARALLEL_FIELDS = ["index", "branchId", "currentItem", "totalBranches"];

export function completionCandidates(
  definition: WorkflowDefinition,
  nodeId: string,
  options: { perItem?: boolean } = {},
): Completion[] {
  const byId = new Map(definition.nodes.map((n) => [n.id, n]));
  const containers = parentChain(nodeId, byId);
  const upstream: string[] = [];
  for (const id of [nodeId, ...containers])
    for (const a of ancestors(definition.edges, id)) if (!upstream.includes(a)) upstream.push(a);

  const out: Completion[] = [];
  for (const id of upstream) {
    const node = byId.get(id);
    if (!node) continue;
    const label = node.name ? `${node.name} · ${node.type}` : node.type;
    out.push({ insert: id, detail: label, kind: "node" });
    for (const field of OUTPUT_FIELDS[node.type] ?? []) out.push({ insert: `${id}.${field}`, detail: label, kind: "node" });
    const routesErrors = node.errorPort || definition.edges.some((e) => e.source === id && e.sourceHandle === "error");
    if (routesErrors) out.push({ insert: `${id}.error.message`, detail: "routed error", kind: "node" });
  }

  out.push({ insert: "inputs", detail: "run inputs", kind: "scope" });
  const inputProps = (definition.inputs as { properties?: Record<string, unknown> } | undefined)?.properties;
  for (const key of Object.keys(inputProps ?? {})) out.push({ insert: `inputs.${key}`, detail: "run input", kind: "scope" });

  const vars = new Set(Object.keys(definition.variables ?? {}));
  for (const n of definition.nodes) {
    const name = n.type === "variable" ? n.config?.name : undefined;
    if (typeof name === "string" && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) vars.add(name);
  }
  for (const name of vars) out.push({ insert: `var.${name}`, detail: "workflow variable", kind: "scope" });

  out.push({ insert: "env.", detail: "workspace secret", kind: "scope" });
  out.push({ insert: "run.id", detail: "this run", kind: "scope" });
  out.push({ insert: "run.startedAt", detail: "this run", kind: "scope" });

  const types = containers.map((id) => byId.get(id)?.type);
  if (types.includes("loop") || options.perItem)
    for (const f of LOOP_FIELDS) out.push({ insert: `loop.${f}`, detail: options.perItem && !types.includes("loop") ? "each item" : "innermost loop", kind: "scope" });
  if (types.includes("parallel"))
    for (const f of PARALLEL_FIELDS) out.push({ insert: `parallel.${f}`, detail: "this branch", kind: "scope" });
  return out;
}

/** The open `{{` before the cursor: where the typed reference starts and what's typed so far. */
export function openTemplate(text: string, cursor: number): { start: number; query: string } | null {
  const before = text.slice(0, cursor);
  const open = before.lastIndexOf("{{");
  if (open < 0 || before.lastIndexOf("}}") > open) return null;
  const typed = before.slice(open + 2);
  if (/[\s]$/.test(typed) && typed.trim() !== "") return null;
  const lead = typed.length - typed.trimStart().length;
  return { start: open + 2 + lead, query: typed.trimStart() };
}

export function filterCompletions(candidates: readonly Completion[], query: string, limit = 12): Completion[] {
  const q = query.toLowerCase();
  const starts = candidates.filter((c) => c.insert.toLowerCase().startsWith(q));
  const contains = candidates.filter((c) => !c.insert.toLowerCase().startsWith(q) && c.insert.toLowerCase().includes(q));
  return [...starts, ...contains].slice(0, limit);
}

/** Replaces the typed reference with the completion, closing the braces unless they already follow. */
export function applyCompletion(text: string, cursor: number, insert: string): { text: string; cursor: number } {
  const open = openTemplate(text, cursor);
  if (!open) return { text, cursor };
  const after = text.slice(cursor);
  const closes = /^\s*\}\}/.test(after) || insert.endsWith(".");
  const head = text.slice(0, open.start) + insert + (closes ? "" : "}}");
  return { text: head + after, cursor: head.length };
}
