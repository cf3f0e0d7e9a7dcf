/** The node and every node it is reached from along the definition's edges (for containers, their bodies too). */
type Graph = { nodes: readonly { id: string; parentId?: string }[]; edges: readonly { source: string; target: string }[] };

export function upstreamOf(definition: Graph, nodeId: string): Set<string> {
  const keep = new Set([nodeId]);
  const queue = [nodeId];
  while (queue.length > 0) {
    const target = queue.shift()!;
    for (const edge of definition.edges) {
      if (edge.target !== target || keep.has(edge.source)) continue;
      keep.add(edge.source);
      queue.push(edge.source);
    }
  }
  for (const node of definition.nodes) if (node.parentId && keep.has(node.parentId)) keep.add(node.id);
  return keep;
}
