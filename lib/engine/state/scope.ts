/** The template scope of a node instance: run data, the innermost loop/parallel bindings, and the outputs it reads. */
import type { Plan } from "../plan/types";
import { frameKey } from "./keys";
import type { NodeKey, RunState } from "./types";

export interface ScopeEnv {
  plan: Plan;
  env: Readonly<Record<string, string>>;
}

export function runScope(state: RunState, env: Readonly<Record<string, string>>): Record<string, unknown> {
  return {
    inputs: state.inputs ?? {},
    var: state.variables,
    env,
    run: { id: state.runId, startedAt: new Date(state.startedAt).toISOString() },
  };
}

export function buildScope(state: RunState, { plan, env }: ScopeEnv, key: NodeKey): Record<string, unknown> {
  const scope = runScope(state, env);
  for (let depth = key.path.length; depth > 0 && (!scope.loop || !scope.parallel); depth--) {
    const binding = state.frames[frameKey(key.path.slice(0, depth))]?.binding;
    if (binding && !(binding.name in scope)) scope[binding.name] = binding.value;
  }
  const node = plan.nodes.get(key.nodeId)!;
  for (const producerId of node.reads) {
    const producer = plan.nodes.get(producerId);
    if (!producer) continue;
    if (producer.scope === node.id) {
      // A container reading its own body (a while condition): the previous iteration's output.
      const own = state.frames[frameKey(key.path)]?.nodes[node.id]?.container;
      scope[producerId] = own?.previous[producerId] ?? null;
      continue;
    }
    const frame = state.frames[frameKey(key.path.slice(0, producer.depth))];
    if (frame && producerId in frame.outputs) scope[producerId] = frame.outputs[producerId];
  }
  return scope;
}
