/** Workflow definitions the benchmarks run, generated at any size. */
type Node = { id: string; type: string; config: Record<string, unknown>; parentId?: string; position?: { x: number; y: number } };
type Edge = { id: string; source: string; target: string };

const edge = (source: string, target: string): Edge => ({ id: `${source}__${target}`, source, target });

export function fanOut(width: number, ms: number) {
  const nodes: Node[] = [{ id: "t", type: "trigger", config: {} }];
  const edges: Edge[] = [];
  for (let i = 0; i < width; i++) {
    nodes.push({ id: `d${i}`, type: "delay", config: { ms } });
    edges.push(edge("t", `d${i}`), edge(`d${i}`, "join"));
  }
  nodes.push({ id: "join", type: "output", config: { name: "done", value: true } });
  return { version: 1, name: `fan-out ${width}`, nodes, edges };
}

/** A chain of `length` no-op nodes (outputs of a constant). */
export function chain(length: number) {
  const nodes: Node[] = [{ id: "t", type: "trigger", config: {} }];
  const edges: Edge[] = [];
  let previous = "t";
  for (let i = 0; i < length; i++) {
    nodes.push({ id: `n${i}`, type: "variable", config: { name: "step", value: i } });
    edges.push(edge(previous, `n${i}`));
    previous = `n${i}`;
  }
  return { version: 1, name: `chain ${length}`, nodes, edges };
}

/** `nodes` nodes and about 2×nodes edges: a layered DAG where each node reads its first parent. */
export function wide(nodeCount: number) {
  const nodes: Node[] = [{ id: "t", type: "trigger", config: {} }];
  const edges: Edge[] = [];
  const layer = 100;
  for (let i = 1; i < nodeCount; i++) {
    const row = Math.floor((i - 1) / layer);
    const parentA = row === 0 ? "t" : `n${(row - 1) * layer + ((i - 1) % layer) + 1}`;
    const parentB = row === 0 ? "t" : `n${(row - 1) * layer + ((i + 36) % layer) + 1}`;
    nodes.push({ id: `n${i}`, type: "output", config: { name: `o${i}`, value: `{{${parentA}}}` }, position: { x: row * 200, y: i * 10 } });
    edges.push(edge(parentA, `n${i}`));
    if (parentB !== parentA) edges.push(edge(parentB, `n${i}`));
  }
  return { version: 1, name: `wide ${nodeCount}`, nodes, edges };
}

/** A count loop whose body emits a distinct string of `bytes` each iteration. */
export function bigLoop(iterations: number, bytes: number) {
  return {
    version: 1,
    name: "big loop",
    nodes: [
      { id: "t", type: "trigger", config: {} },
      { id: "loop1", type: "loop", config: { mode: "count", count: iterations } },
      { id: "blob", type: "jsonata", config: { expression: `$pad($string(loop.index), ${bytes}, "x")` }, parentId: "loop1" },
      { id: "o", type: "output", config: { name: "count", value: "{{loop1.count}}" } },
    ],
    edges: [edge("t", "loop1"), edge("loop1", "o")],
  };
}

export function threeNodes() {
  return {
    version: 1,
    name: "three nodes",
    nodes: [
      { id: "t", type: "trigger", config: {} },
      { id: "v", type: "variable", config: { name: "greeting", value: "hello {{inputs.name}}" } },
      { id: "o", type: "output", config: { name: "greeting", value: "{{var.greeting}}" } },
    ],
    edges: [edge("t", "v"), edge("v", "o")],
  };
}
