/**
 * Template files carry no positions (they are written by hand and read by people); a workflow
 * made from one is laid out left to right like the editor's Auto-layout does.
 */
import { coreHandlers, createRegistry } from "@/lib/engine/handlers";
import { autoLayout } from "./auto-layout";
import { CONTAINER_DEFAULT_SIZE } from "./definition-graph";

/** The size the canvas gives a step node before it measures it (see components/canvas). */
const STEP_SIZE = { width: 240, height: 76 };

type Definition = { nodes: { id: string; type: string; parentId?: string }[]; edges: { source: string; target: string }[] };

let registry: ReturnType<typeof createRegistry> | undefined;

export function layOut<D extends Definition>(definition: D): D {
  registry ??= createRegistry(coreHandlers);
  const isContainer = (type: string) => registry?.get(type)?.container !== undefined;
  const result = autoLayout(
    definition.nodes.map((n) => ({ id: n.id, parentId: n.parentId, isContainer: isContainer(n.type), ...(isContainer(n.type) ? CONTAINER_DEFAULT_SIZE : STEP_SIZE) })),
    definition.edges,
  );
  definition.nodes = definition.nodes.map((n) => {
    const size = result.sizes[n.id];
    return { ...n, position: result.positions[n.id] ?? { x: 0, y: 0 }, ...(size ? { size } : {}) };
  });
  return definition;
}
