/**
 * Reads a definition file the user imports: JSON, then the shape of spec
 * section 1 (deeper checks are the engine's validation, shown as problems).
 * Errors carry a path and a reason.
 */
import { z } from "zod";
import type { WorkflowDefinition } from "./definition-types";

const xy = z.object({ x: z.number(), y: z.number() });
const importSchema = z.looseObject({
  version: z.literal(1, { error: "must be 1" }),
  name: z.string().optional(),
  variables: z.record(z.string(), z.unknown()).optional(),
  nodes: z.array(
    z.looseObject({
      id: z.string().min(1),
      type: z.string().min(1),
      name: z.string().optional(),
      config: z.record(z.string(), z.unknown()).optional(),
      position: xy.optional(),
      size: z.object({ width: z.number().positive(), height: z.number().positive() }).optional(),
      parentId: z.string().optional(),
      errorPort: z.boolean().optional(),
    }),
  ),
  edges: z
    .array(z.looseObject({ id: z.string().min(1), source: z.string().min(1), target: z.string().min(1), sourceHandle: z.string().optional() }))
    .default([]),
});

export type ImportResult = { ok: true; definition: WorkflowDefinition } | { ok: false; errors: string[] };

export function parseImportedDefinition(text: string): ImportResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [`Not JSON: ${e instanceof Error ? e.message : String(e)}`] };
  }
  const parsed = importSchema.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.slice(0, 20).map((issue) => {
        const path = issue.path.reduce<string>((p, k) => (typeof k === "number" ? `${p}[${k}]` : p ? `${p}.${String(k)}` : String(k)), "");
        return `${path || "(file)"}: ${issue.message}`;
      }),
    };
  }
  const definition = parsed.data as WorkflowDefinition;
  const ids = new Set<string>();
  const errors: string[] = [];
  definition.nodes.forEach((n, i) => {
    if (ids.has(n.id)) errors.push(`nodes[${i}].id: "${n.id}" is used twice`);
    ids.add(n.id);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, definition };
}

/** A file name for an exported definition. */
export function exportFileName(name: string | undefined): string {
  const slug = (name ?? "workflow").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "workflow";
  return `${slug}.flowmaestro.json`;
}
