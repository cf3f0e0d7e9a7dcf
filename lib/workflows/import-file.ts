/**
 * A workflow file imported from the list page: a definition (spec section 1), or a template file
 * (its `definition`). The shape is checked by definition-import.ts (errors with a path); deeper
 * problems show in the editor like any draft's. The name comes from the file, else its file name.
 */
import { parseImportedDefinition } from "./definition-import";
import { characterCount, WORKFLOW_NAME_MAX } from "./names";
import { layOut } from "./template-layout";

export const MAX_IMPORT_BYTES = 512 * 1024;

export type ImportedWorkflow = { ok: true; name: string; definition: Record<string, unknown> } | { ok: false; errors: string[] };

function unwrapTemplate(text: string): string {
  try {
    const json: unknown = JSON.parse(text);
    if (json && typeof json === "object" && !("version" in json) && "definition" in json) return JSON.stringify((json as { definition: unknown }).definition);
  } catch {
    // parseImportedDefinition says what is wrong with it
  }
  return text;
}

function nameFor(definitionName: unknown, fileName: string): string {
  const fromFile = fileName.replace(/(\.flowmaestro)?\.json$/i, "").trim();
  const name = (typeof definitionName === "string" && definitionName.trim()) || fromFile || "Imported workflow";
  return characterCount(name) > WORKFLOW_NAME_MAX ? [...name].slice(0, WORKFLOW_NAME_MAX).join("") : name;
}

export function importedWorkflow(text: string, fileName: string): ImportedWorkflow {
  const parsed = parseImportedDefinition(unwrapTemplate(text));
  if (!parsed.ok) return parsed;
  const definition = parsed.definition as unknown as Record<string, unknown> & { nodes: { id: string; type: string; parentId?: string; position?: unknown }[]; edges: { source: string; target: string }[] };
  const positioned = definition.nodes.every((n) => n.position !== undefined);
  return { ok: true, name: nameFor(definition.name, fileName), definition: positioned ? definition : layOut(definition) };
}
