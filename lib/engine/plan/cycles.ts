/** Build: a topological order per scope; cycles are reported naming their nodes. O(V+E). */
import { jsonPath } from "../problems";
import type { BuildContext, EdgeEntry, NodeEntry } from "./context";

export function orderScopes(ctx: BuildContext): void {
  for (const [scope, members] of ctx.members) {
    // Kahn's algorithm; counts and positions live on the entries (no map per build).
    const queue: NodeEntry[] = [];
    for (const member of members) {
      member.pending = member.incoming.length;
      if (member.pending === 0) queue.push(member);
    }
    for (let i = 0; i < queue.length; i++) {
      const member = queue[i];
      member.topo = i;
      for (const edge of member.outgoing) if (--edge.to.pending === 0) queue.push(edge.to);
    }
    const order: string[] = new Array(queue.length);
    for (let i = 0; i < queue.length; i++) order[i] = queue[i].def.id;
    ctx.order.set(scope, order);
    if (queue.length < members.length) {
      ctx.cyclicScopes.add(scope);
      reportCycles(ctx, members.filter((m) => m.pending > 0));
    }
  }
}

/**
 * Every node left after Kahn's algorithm has a predecessor that is also left,
 * so walking predecessors backwards always closes a cycle.
 */
function reportCycles(ctx: BuildContext, remaining: NodeEntry[]): void {
  const walked = new Map<NodeEntry, number>(); // node -> walk number
  let walk = 0;
  for (const start of remaining) {
    if (walked.has(start)) continue;
    walk++;
    const trail: { node: NodeEntry; via?: EdgeEntry }[] = [];
    const position = new Map<NodeEntry, number>();
    let node = start;
    let via: EdgeEntry | undefined;
    while (!walked.has(node)) {
      walked.set(node, walk);
      position.set(node, trail.length);
      trail.push({ node, via });
      via = node.incoming.find((e) => e.from.pending > 0);
      if (!via) break;
      node = via.from;
    }
    if (!via || walked.get(node) !== walk) continue; // reached a cycle reported earlier
    const cycle = trail.slice(position.get(node)!);
    // The trail runs backwards along edges; reverse it to read in edge direction.
    const names = cycle.map((step) => step.node.def.id).reverse();
    const closing = via;
    ctx.problems.push({
      path: jsonPath(["edges", closing.index]),
      message: `cycle: ${[...names, names[0]].map((n) => `"${n}"`).join(" → ")} (repeat work with a loop container, not a back edge)`,
    });
  }
}
