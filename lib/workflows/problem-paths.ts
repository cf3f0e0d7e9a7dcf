/** Maps the engine's build problems (`nodes[3].config.url`, `edges[2]`) onto the nodes and edges they concern. */
import type { Problem } from "./catalog-types";
import type { WorkflowDefinition } from "./definition-types";

export type ProblemIndex = {
  byNode: Record<string, string[]>;
  byEdge: Record<string, string[]>;
  /** Problems about the whole definition (no entry node, inputs schema…). */
  general: string[];
  count: number;
};

const NODE_PATH = /^nodes\[(\d+)\](?:\.(.*))?$/;
const EDGE_PATH = /^edges\[(\d+)\]/;

/** Groups problems by node id / edge id, using the definition that was validated (indices refer to it). */
export function indexProblems(problems: readonly Problem[], definition: WorkflowDefinition): ProblemIndex {
  const index: ProblemIndex = { byNode: {}, byEdge: {}, general: [], count: problems.length };
  for (const problem of problems) {
    const node = NODE_PATH.exec(problem.path);
    const nodeId = node ? definition.nodes[Number(node[1])]?.id : undefined;
    if (nodeId !== undefined) {
      const where = node?.[2] ? `${node[2]}: ` : "";
      (index.byNode[nodeId] ??= []).push(where + problem.message);
      continue;
    }
    const edge = EDGE_PATH.exec(problem.path);
    const edgeId = edge ? definition.edges[Number(edge[1])]?.id : undefined;
    if (edgeId !== undefined) {
      (index.byEdge[edgeId] ??= []).push(problem.message);
      // A cycle is reported on its closing edge; every node on it shows the problem too.
      for (const id of cycleNodes(problem.message, definition)) (index.byNode[id] ??= []).push(problem.message);
      continue;
    }
    index.general.push(problem.path ? `${problem.path}: ${problem.message}` : problem.message);
  }
  return index;
}

/** The node ids a cycle problem names (`cycle: "a" → "b" → "a" (…)`), each once; none for other problems. */
export function cycleNodes(message: string, definition: WorkflowDefinition): string[] {
  if (!message.startsWith("cycle: ")) return [];
  const ids = new Set(definition.nodes.map((n) => n.id));
  const named = [...message.matchAll(/"([^"]+)"/g)].map((m) => m[1]).filter((id) => ids.has(id));
  return [...new Set(named)];
}

/** The config field a problem concerns (`nodes[3].config.url` → "url"), to show it beside that field. */
export function configFieldOf(path: string): string | null {
  const m = /^nodes\[\d+\]\.config\.([A-Za-z0-9_]+)/.exec(path);
  return m ? m[1] : null;
}
