/**
 * The palette's search: a node type matches by its label or type name first, then by the other
 * names people know it by (n8n's "if" and "switch", "code", "sleep": the handler's `keywords`),
 * then by its description. Best matches first; Enter in the palette adds the first one.
 */
import type { CatalogEntry } from "./catalog-types";

const NO_MATCH = 4;

function score(entry: CatalogEntry, q: string): number {
  const label = entry.label.toLowerCase();
  if (label.startsWith(q) || entry.type.startsWith(q)) return 0;
  if (entry.keywords.some((word) => word === q || word.startsWith(q))) return 1;
  if (label.includes(q) || entry.type.includes(q)) return 2;
  if (entry.keywords.some((word) => word.includes(q)) || entry.description.toLowerCase().includes(q)) return 3;
  return NO_MATCH;
}

export function filterCatalog(catalog: readonly CatalogEntry[], query: string): CatalogEntry[] {
  const q = query.trim().toLowerCase();
  if (!q) return [...catalog];
  return catalog
    .map((entry) => ({ entry, score: score(entry, q) }))
    .filter((m) => m.score < NO_MATCH)
    .sort((a, b) => a.score - b.score)
    .map((m) => m.entry);
}
