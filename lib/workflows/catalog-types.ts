/**
 * The node-type catalog the editor works from. The server builds it from the
 * engine's handlers (`buildCatalog` in ./catalog.ts) and passes it to client
 * components as plain JSON, so the browser never imports handler modules
 * (they pull in Node-only code: dns, the WASM sandbox).
 */

/** A JSON Schema object as produced by zod 4's `z.toJSONSchema`. */
export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  description?: string;
  items?: JsonSchema;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  [key: string]: unknown;
};

export type CatalogEntry = {
  type: string;
  label: string;
  /** Other names people search for it by ("if", "switch", "code"). */
  keywords: string[];
  description: string;
  category: string;
  /**
   * Success handles. "dynamic" when they depend on the config (router: one per
   * route plus the default route), resolved client-side by `resolveHandles`.
   */
  handles: string[] | "dynamic";
  configJsonSchema: JsonSchema;
  /** Config keys that are code, never template-resolved (javascript `code`, jsonata `expression`). */
  rawFields: string[];
  /** Config keys resolved per item by the handler (map `mapping`, filter `field`). */
  deferredFields: string[];
  /** loop and parallel: sub-flows that hold body nodes. */
  isContainer: boolean;
  /** trigger, webhook, schedule: start runs, take no incoming edges. */
  isEntry: boolean;
};

export type Catalog = CatalogEntry[];

/** A build problem as the engine reports it: `nodes[3].config.url`, `edges[2]`, `` for the whole definition. */
export type Problem = { path: string; message: string };

/** The handle an edge without `sourceHandle` means, and the error port every node has. */
export const SOURCE_HANDLE = "source";
export const ERROR_HANDLE = "error";

/** Success handles of a node of this entry with this config (router: routes + default route). */
export function resolveHandles(entry: CatalogEntry | undefined, config: unknown): string[] {
  if (!entry) return [SOURCE_HANDLE];
  if (entry.handles !== "dynamic") return entry.handles;
  const cfg = (config ?? {}) as { routes?: unknown; defaultRoute?: unknown };
  const names: string[] = [];
  if (Array.isArray(cfg.routes)) {
    for (const route of cfg.routes) {
      const name = (route as { name?: unknown } | null)?.name;
      if (typeof name === "string" && name !== "" && !names.includes(name)) names.push(name);
    }
  }
  const fallback = typeof cfg.defaultRoute === "string" && cfg.defaultRoute !== "" ? cfg.defaultRoute : "default";
  if (!names.includes(fallback)) names.push(fallback);
  return names;
}

export function catalogByType(catalog: Catalog): Map<string, CatalogEntry> {
  return new Map(catalog.map((entry) => [entry.type, entry]));
}
