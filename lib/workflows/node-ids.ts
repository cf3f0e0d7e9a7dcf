/** Node ids: validation, fresh unique ids, renames and pasted copies that keep edges and references intact. */
import type { DefinitionEdge, DefinitionNode, WorkflowDefinition } from "./definition-types";

export const NODE_ID_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
export const RESERVED_IDS = ["inputs", "var", "env", "loop", "parallel", "run", "secrets"] as const;

/** Why `id` can't be a node id here, or null. `current` is the node being renamed. */
export function nodeIdProblem(id: string, taken: Iterable<string>, current?: string): string | null {
  if (id === "") return "An id is required.";
  if (!NODE_ID_PATTERN.test(id))
    return "Use letters, digits and _ (64 at most), not starting with a digit.";
  if ((RESERVED_IDS as readonly string[]).includes(id)) return `"${id}" is reserved for templates.`;
  for (const t of taken) if (t === id && t !== current) return `Another node is already called "${id}".`;
  return null;
}

/** `base` itself when free, else base2, base3… (base cleaned up to a valid id first). */
export function uniqueId(base: string, taken: ReadonlySet<string>): string {
  let clean = base.replace(/[^A-Za-z0-9_]/g, "_").replace(/^(?=[0-9])/, "_").slice(0, 60) || "node";
  if ((RESERVED_IDS as readonly string[]).includes(clean)) clean = `${clean}_node`;
  if (!taken.has(clean)) return clean;
  const stem = clean.replace(/\d+$/, "") || clean;
  for (let n = 2; ; n++) if (!taken.has(`${stem}${n}`)) return `${stem}${n}`;
}

export function uniqueEdgeId(taken: ReadonlySet<string>): string {
  for (let n = taken.size + 1; ; n++) if (!taken.has(`e${n}`)) return `e${n}`;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Rewrites `{{old}}`, `{{ old.path }}`, `{{old[0]}}` to the new ids in every string of a value. */
export function renameRefs(value: unknown, renames: ReadonlyMap<string, string>): unknown {
  if (renames.size === 0) return value;
  if (typeof value === "string") {
    if (!value.includes("{{")) return value;
    const names = [...renames.keys()].map(escape).join("|");
    const re = new RegExp(`(\\{\\{\\s*)(${names})(?=\\s*\\}\\}|[.\\[])`, "g");
    return value.replace(re, (_m, open: string, id: string) => open + (renames.get(id) ?? id));
  }
  if (Array.isArray(value)) return value.map((v) => renameRefs(v, renames));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renameRefs(v, renames)]));
  }
  return value;
}

function renameInNode(node: DefinitionNode, renames: ReadonlyMap<string, string>, raw: ReadonlySet<string>) {
  const config = node.config
    ? Object.fromEntries(
        Object.entries(node.config).map(([k, v]) => [k, raw.has(k) ? v : renameRefs(v, renames)]),
      )
    : undefined;
  return {
    ...node,
    id: renames.get(node.id) ?? node.id,
    ...(config ? { config } : {}),
    ...(node.parentId ? { parentId: renames.get(node.parentId) ?? node.parentId } : {}),
  };
}

/** Renames a node; edges, children's parentId and `{{refs}}` in configs follow. */
export function renameNode(
  definition: WorkflowDefinition,
  from: string,
  to: string,
  rawFieldsOf: (type: string) => readonly string[] = () => [],
): WorkflowDefinition {
  const renames = new Map([[from, to]]);
  return {
    ...definition,
    nodes: definition.nodes.map((n) => renameInNode(n, renames, new Set(rawFieldsOf(n.type)))),
    edges: definition.edges.map((e) => ({
      ...e,
      source: e.source === from ? to : e.source,
      target: e.target === from ? to : e.target,
    })),
  };
}

export type Fragment = { nodes: DefinitionNode[]; edges: DefinitionEdge[] };

/** The selected nodes plus everything inside selected containers, and the edges among them. */
export function copyFragment(definition: WorkflowDefinition, selected: Iterable<string>): Fragment {
  const ids = new Set(selected);
  let grew = true;
  while (grew) {
    grew = false;
    for (const n of definition.nodes)
      if (n.parentId && ids.has(n.parentId) && !ids.has(n.id)) {
        ids.add(n.id);
        grew = true;
      }
  }
  return {
    nodes: definition.nodes.filter((n) => ids.has(n.id)),
    edges: definition.edges.filter((e) => ids.has(e.source) && ids.has(e.target)),
  };
}

/**
 * Adds a copied fragment under fresh ids. Top-level nodes of the fragment are
 * offset; a copied child whose container wasn't copied stays in that container
 * when it still exists. Returns the new definition and the new ids.
 */
export function pasteFragment(
  definition: WorkflowDefinition,
  fragment: Fragment,
  offset: { x: number; y: number },
  rawFieldsOf: (type: string) => readonly string[] = () => [],
): { definition: WorkflowDefinition; pasted: string[] } {
  const taken = new Set(definition.nodes.map((n) => n.id));
  const renames = new Map<string, string>();
  for (const n of fragment.nodes) {
    const id = uniqueId(n.id, taken);
    taken.add(id);
    renames.set(n.id, id);
  }
  const existing = new Set(definition.nodes.map((n) => n.id));
  const nodes = fragment.nodes.map((n) => {
    const copy = renameInNode(n, renames, new Set(rawFieldsOf(n.type)));
    const parentCopied = n.parentId !== undefined && renames.has(n.parentId);
    if (n.parentId && !parentCopied && !existing.has(n.parentId)) delete copy.parentId;
    if (!parentCopied) {
      const p = n.position ?? { x: 0, y: 0 };
      copy.position = { x: p.x + offset.x, y: p.y + offset.y };
    }
    return copy;
  });
  const edgeIds = new Set(definition.edges.map((e) => e.id));
  const edges = fragment.edges.map((e) => {
    const id = uniqueEdgeId(edgeIds);
    edgeIds.add(id);
    return { ...e, id, source: renames.get(e.source) ?? e.source, target: renames.get(e.target) ?? e.target };
  });
  return {
    definition: { ...definition, nodes: [...definition.nodes, ...nodes], edges: [...definition.edges, ...edges] },
    pasted: nodes.map((n) => n.id),
  };
}
