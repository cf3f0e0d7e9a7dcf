/**
 * Server-side: turns the engine's registered handlers into the serializable
 * catalog the editor needs (see ./catalog-types.ts). Call it in a server
 * component: `buildCatalog(coreHandlers)`.
 */
import { z } from "zod";
import type { AnyNodeHandler } from "@/lib/engine/handlers/types";
import type { Catalog, CatalogEntry, JsonSchema } from "./catalog-types";

export type { Catalog, CatalogEntry, JsonSchema, Problem } from "./catalog-types";
export { resolveHandles, catalogByType } from "./catalog-types";

/** A config with one route, to tell handles that follow the config from fixed ones. */
const ROUTE_PROBE = { routes: [{ name: "__probe__", field: "", operator: "equals" }], defaultRoute: "__probe_default__" };

function handlesOf(handler: AnyNodeHandler): string[] | "dynamic" {
  let fixed: string[];
  try {
    fixed = handler.handles({});
  } catch {
    return "dynamic";
  }
  try {
    const probed = handler.handles(ROUTE_PROBE);
    if (probed.join("\u0000") !== fixed.join("\u0000")) return "dynamic";
  } catch {
    return "dynamic";
  }
  return fixed;
}

function configSchemaOf(handler: AnyNodeHandler): JsonSchema {
  try {
    // "input": the config as people write it (defaults optional, templates where values go).
    const schema = z.toJSONSchema(handler.configSchema, { unrepresentable: "any", io: "input" });
    // A JSON round trip: plain objects only, as React requires of server → client props.
    const plain = JSON.parse(JSON.stringify(schema)) as JsonSchema;
    delete plain.$schema;
    return plain;
  } catch {
    return {};
  }
}

export function buildCatalogEntry(handler: AnyNodeHandler): CatalogEntry {
  return {
    type: handler.type,
    label: handler.label,
    keywords: [...(handler.keywords ?? [])],
    description: handler.description,
    category: handler.category,
    handles: handlesOf(handler),
    configJsonSchema: configSchemaOf(handler),
    rawFields: [...(handler.rawFields ?? [])],
    deferredFields: [...(handler.deferredFields ?? [])],
    isContainer: handler.category === "container",
    isEntry: handler.entry === true,
  };
}

export function buildCatalog(handlers: readonly AnyNodeHandler[]): Catalog {
  return handlers.map(buildCatalogEntry);
}
