/** Build: a topological order per scope; cycles are reported naming their nodes. O(V+E). */
import { jsonPath } from "../problems";
import type { BuildContext, EdgeEntry } from "./context";

export function orderScopes(ctx: BuildContext): void {
  // One map for all scopes: edges never cross scopes.
  const indegree = new Map<string, number>();
  for (const [scope, members] of ctx.members) {
    const order: string[] = [];
    for (const id of members) {
      const count = ctx.incoming.get(id)?.length ?? 0;
      indegree.set(id, count);
      if (count === 0) order.push(id);
    }
    for (let i = 0; i < order.length; i++) {
      for (const edge of ctx.outgoing.get(order[i]) ?? []) {
        const left = indegree.get(edge.def.target)! - 1;
        indegree.set(edge.def.target, left);
        if (left === 0) order.push(edge.def.target);
      }
    }
    ctx.order.set(scope, order);
    if (order.length < members.length) {
      ctx.cyclicScopes.add(scope);
      reportCycles(ctx, members.filter((id) => indegree.get(id)! > 0), indegree);
    }
  }
}

/**
 * Every node left after Kahn's algorithm has a predecessor that is also left,
 * so walking predecessors backwards always closes a cycle.
 */
function reportCycles(ctx: BuildContext, remaining: string[], indegree: Map<string, number>): void {
  const walked = new Map<string, number>(); // node -> walk number
  let walk = 0;
  for (const start of remaining) {
    if (walked.has(start)) continue;
    walk++;
    const trail: { node: string; via?: EdgeEntry }[] = [];
    const position = new Map<string, number>();
    let node = start;
    let via: EdgeEntry | undefined;
    while (!walked.has(node)) {
      walked.set(node, walk);
      position.set(node, trail.length);
      trail.push({ node, via });
      via = (ctx.incoming.get(node) ?? []).find((e) => indegree.get(e.def.source)! > 0);
      if (!via) break;
      node = via.def.source;
    }
    if (!via || walked.get(node) !== walk) continue; // reached a cycle reported earlier
    const cycle = trail.slice(position.get(node)!);
    // The trail runs backwards along edges; reverse it to read in edge direction.
    const names = cycle.map((step) => step.node).reverse();
    const closing = via;
    ctx.problems.push({
      path: jsonPath(["edges", closing.index]),
      message: `cycle: ${[...names, names[0]].map((n) => `"${n}"`).join(" → ")} (repeat work with a loop container, not a back edge)`,
    });
  }
}
