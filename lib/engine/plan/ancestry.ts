/**
 * "Can X have run before Y?" within one scope. A direct edge answers most references; else a
 * reverse search from Y that never goes above X's topological position answers nearby ones in a
 * few steps; when a search grows large, ancestor bitsets for the scope are built once
 * (topological order) and used from then on. Positions are the entries' `topo` (orderScopes).
 */
import type { BuildContext, NodeEntry } from "./context";

const SEARCH_BUDGET = 512;

interface Table {
  /** Search marks by topological position: a slot equals the current search's number once visited (no allocation per query). */
  marks: Uint32Array;
  stack: NodeEntry[];
  searches: number;
  sets?: Uint32Array[];
}

export class Ancestry {
  private tables = new Map<string, Table>();

  constructor(private ctx: BuildContext) {}

  isAncestor(scope: string, ancestorId: string, nodeId: string): boolean {
    if (ancestorId === nodeId) return false;
    const ancestor = this.ctx.nodes.get(ancestorId);
    const node = this.ctx.nodes.get(nodeId);
    if (!ancestor || !node) return false;
    const a = ancestor.topo;
    const n = node.topo;
    if (a < 0 || n < 0 || a > n) return false;
    const table = this.table(scope);
    if (table.sets) return (table.sets[n][a >>> 5] & (1 << (a & 31))) !== 0;
    for (const edge of node.incoming) if (edge.from === ancestor) return true; // the usual case: a direct parent
    const found = this.search(table, ancestor, node);
    if (found !== undefined) return found;
    table.sets = this.bitsets(scope);
    return (table.sets[n][a >>> 5] & (1 << (a & 31))) !== 0;
  }

  /** Reverse depth-first search pruned by topological position; undefined when over budget. */
  private search(table: Table, ancestor: NodeEntry, node: NodeEntry): boolean | undefined {
    const mark = ++table.searches;
    const { marks, stack } = table;
    const a = ancestor.topo;
    stack.length = 0;
    stack.push(node);
    let visited = 1;
    while (stack.length > 0) {
      const current = stack.pop()!;
      for (const edge of current.incoming) {
        const source = edge.from;
        if (source === ancestor) return true;
        const s = source.topo;
        if (s < a || marks[s] === mark) continue;
        if (++visited > SEARCH_BUDGET) return undefined;
        marks[s] = mark;
        stack.push(source);
      }
    }
    return false;
  }

  private table(scope: string): Table {
    let table = this.tables.get(scope);
    if (!table) {
      const size = this.ctx.order.get(scope)?.length ?? 0;
      table = { marks: new Uint32Array(size), stack: [], searches: 0 };
      this.tables.set(scope, table);
    }
    return table;
  }

  private bitsets(scope: string): Uint32Array[] {
    const order = this.ctx.order.get(scope) ?? [];
    const words = (order.length + 31) >>> 5;
    const sets: Uint32Array[] = [];
    order.forEach((id, i) => {
      const set = new Uint32Array(words);
      for (const edge of this.ctx.nodes.get(id)!.incoming) {
        const p = edge.from.topo;
        const parent = sets[p];
        for (let w = 0; w < words; w++) set[w] |= parent[w];
        set[p >>> 5] |= 1 << (p & 31);
      }
      sets[i] = set;
    });
    return sets;
  }
}
