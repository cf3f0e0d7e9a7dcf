/** Build stage 1: nodes reachable from an entry node; the rest is left out with a warning. */
import { jsonPath } from "../problems";
import type { BuildContext, NodeEntry } from "./context";
import { ROOT_SCOPE } from "./types";

/** Marks reachable nodes (`entry.reached`; bodies of reachable containers included) and returns how many there are. */
export function reachableNodes(ctx: BuildContext): number {
  const topLevel = ctx.members.get(ROOT_SCOPE) ?? [];
  const queue: NodeEntry[] = [];
  for (const member of topLevel) {
    if (!member.handler?.entry) continue;
    member.reached = true;
    queue.push(member);
  }
  if (queue.length === 0)
    ctx.problems.push({ path: "nodes", message: "no entry node: add a trigger, webhook or schedule node to start the workflow" });
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i];
    for (const edge of node.outgoing) {
      if (edge.to.reached) continue;
      edge.to.reached = true;
      queue.push(edge.to);
    }
    // A reached container reaches its whole body (body entry nodes start implicitly).
    if (node.handler && !node.handler.container) continue; // only containers (or unknown types, already a problem) have members
    for (const member of ctx.members.get(node.def.id) ?? []) {
      if (member.reached) continue;
      member.reached = true;
      queue.push(member);
    }
  }
  for (const member of topLevel) {
    if (!member.reached) ctx.warnings.push({ path: jsonPath(["nodes", member.index]), message: `"${member.def.id}" is not connected to an entry node and will not run` });
  }
  return queue.length;
}
