/**
 * "Can X have run before Y?" within one scope. A reverse search from Y that
 * never goes above X's topological position answers nearby references in a few
 * steps; when a search grows large, ancestor bitsets for the scope are built
 * once (topological order) and used from then on.
 */
import type { BuildContext } from "./context";

const SEARCH_BUDGET = 512;

interface Table {
  index: Map<string, number>;
  /** Search marks by topological index: a slot equals the current search's number once visited (no allocation per query). */
  marks: Uint32Array;
  stack: string[];
  searches: number;
  sets?: Uint32Array[];
}

export class Ancestry {
  private tables = new Map<string, Table>();

  constructor(private ctx: BuildContext) {}

  isAncestor(scope: string, ancestor: string, node: string): boolean {
    if (ancestor === node) return false;
    const table = this.table(scope);
    const a = table.index.get(ancestor);
    const n = table.index.get(node);
    if (a === undefined || n === undefined || a > n) return false;
    if (table.sets) return (table.sets[n][a >>> 5] & (1 << (a & 31))) !== 0;
    for (const edge of this.ctx.incoming.get(node) ?? []) if (edge.def.source === ancestor) return true; // the usual case: a direct parent
    const found = this.search(table, a, ancestor, node);
    if (found !== undefined) return found;
    table.sets = this.bitsets(scope, table.index);
    return (table.sets[n][a >>> 5] & (1 << (a & 31))) !== 0;
  }

  /** Reverse depth-first search pruned by topological index; undefined when over budget. */
  private search(table: Table, a: number, ancestor: string, node: string): boolean | undefined {
    const mark = ++table.searches;
    const { marks, stack } = table;
    stack.length = 0;
    stack.push(node);
    let visited = 1;
    while (stack.length > 0) {
      const current = stack.pop()!;
      for (const edge of this.ctx.incoming.get(current) ?? []) {
        const source = edge.def.source;
        if (source === ancestor) return true;
        const s = table.index.get(source) ?? -1;
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
      const order = this.ctx.order.get(scope) ?? [];
      const index = new Map<string, number>();
      for (let i = 0; i < order.length; i++) index.set(order[i], i);
      table = { index, marks: new Uint32Array(order.length), stack: [], searches: 0 };
      this.tables.set(scope, table);
    }
    return table;
  }

  private bitsets(scope: string, index: Map<string, number>): Uint32Array[] {
    const order = this.ctx.order.get(scope) ?? [];
    const words = (order.length + 31) >>> 5;
    const sets: Uint32Array[] = [];
    order.forEach((id, i) => {
      const set = new Uint32Array(words);
      for (const edge of this.ctx.incoming.get(id) ?? []) {
        const p = index.get(edge.def.source)!;
        const parent = sets[p];
        for (let w = 0; w < words; w++) set[w] |= parent[w];
        set[p >>> 5] |= 1 << (p & 31);
      }
      sets[i] = set;
    });
    return sets;
  }
}
