/** "Can X have run before Y?" within one scope: ancestor bitsets, computed lazily per scope in topological order. */
import type { BuildContext } from "./context";

export class Ancestry {
  private bits = new Map<string, { index: Map<string, number>; words: number; sets: Uint32Array[] }>();

  constructor(private ctx: BuildContext) {}

  isAncestor(scope: string, ancestor: string, node: string): boolean {
    if (ancestor === node) return false;
    const incoming = this.ctx.incoming.get(node) ?? [];
    if (incoming.some((e) => e.def.source === ancestor)) return true;
    const table = this.table(scope);
    const a = table.index.get(ancestor);
    const n = table.index.get(node);
    if (a === undefined || n === undefined || a > n) return false;
    return (table.sets[n][a >>> 5] & (1 << (a & 31))) !== 0;
  }

  private table(scope: string) {
    let table = this.bits.get(scope);
    if (table) return table;
    const order = this.ctx.order.get(scope) ?? [];
    const index = new Map(order.map((id, i) => [id, i]));
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
    table = { index, words, sets };
    this.bits.set(scope, table);
    return table;
  }
}
