/** Build stage 1: nodes reachable from an entry node; the rest is left out with a warning. */
import { jsonPath } from "../problems";
import type { BuildContext } from "./context";
import { ROOT_SCOPE } from "./types";

/** Returns the reachable node ids (bodies of reachable containers included). */
export function reachableNodes(ctx: BuildContext): Set<string> {
  const topLevel = ctx.members.get(ROOT_SCOPE) ?? [];
  const entries = topLevel.filter((id) => ctx.nodes.get(id)!.handler?.entry);
  if (entries.length === 0)
    ctx.problems.push({ path: "nodes", message: "no entry node: add a trigger, webhook or schedule node to start the workflow" });
  const reached = new Set<string>(entries);
  const queue = [...entries];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i];
    for (const edge of ctx.outgoing.get(id) ?? []) {
      if (!reached.has(edge.def.target)) {
        reached.add(edge.def.target);
        queue.push(edge.def.target);
      }
    }
    // A reached container reaches its whole body (body entry nodes start implicitly).
    for (const member of ctx.members.get(id) ?? []) {
      if (!reached.has(member)) {
        reached.add(member);
        queue.push(member);
      }
    }
  }
  for (const id of topLevel) {
    if (reached.has(id)) continue;
    const entry = ctx.nodes.get(id)!;
    ctx.warnings.push({ path: jsonPath(["nodes", entry.index]), message: `"${id}" is not connected to an entry node and will not run` });
  }
  return reached;
}
