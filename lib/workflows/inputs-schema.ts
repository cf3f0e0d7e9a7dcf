/**
 * The trigger node's inputs form: rows (name, type, required, default, description) to and from
 * the workflow's `inputs` JSON Schema. A schema the rows can't express (nested properties, enums,
 * formats, anything beyond these keys) is left alone and edited as JSON instead, never rewritten.
 */
export const INPUT_TYPES = ["string", "number", "integer", "boolean", "object", "array"] as const;
export type InputType = (typeof INPUT_TYPES)[number];

export type InputRow = { name: string; type: InputType; required: boolean; default: string; description: string };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => Boolean(v) && typeof v === "object" && !Array.isArray(v);
const ROW_KEYS = new Set(["type", "default", "description"]);
const ROOT_KEYS = new Set(["type", "properties", "required", "additionalProperties"]);

/** The rows of a schema, or null when the form can't show it without losing something. */
export function rowsFromSchema(schema: unknown): InputRow[] | null {
  if (schema === undefined || schema === null) return [];
  if (!isObject(schema) || Object.keys(schema).some((k) => !ROOT_KEYS.has(k)) || (schema.type !== undefined && schema.type !== "object")) return null;
  const properties = schema.properties ?? {};
  const required = schema.required ?? [];
  if (!isObject(properties) || !Array.isArray(required)) return null;
  const rows: InputRow[] = [];
  for (const [name, property] of Object.entries(properties)) {
    if (!isObject(property) || Object.keys(property).some((k) => !ROW_KEYS.has(k))) return null;
    const type = property.type ?? "string";
    if (!(INPUT_TYPES as readonly unknown[]).includes(type)) return null;
    if (property.description !== undefined && typeof property.description !== "string") return null;
    rows.push({
      name,
      type: type as InputType,
      required: required.includes(name),
      default: property.default === undefined ? "" : typeof property.default === "string" ? property.default : JSON.stringify(property.default),
      description: (property.description as string | undefined) ?? "",
    });
  }
  return rows;
}

export type RowProblem = { row: number; field: "name" | "default"; message: string };

function parseDefault(row: InputRow): { ok: true; value: unknown } | { ok: false; message: string } {
  const text = row.default.trim();
  if (row.type === "string") return { ok: true, value: row.default };
  if (row.type === "number" || row.type === "integer") {
    const n = Number(text);
    if (text === "" || !Number.isFinite(n)) return { ok: false, message: "not a number" };
    if (row.type === "integer" && !Number.isInteger(n)) return { ok: false, message: "not a whole number" };
    return { ok: true, value: n };
  }
  if (row.type === "boolean") return text === "true" || text === "false" ? { ok: true, value: text === "true" } : { ok: false, message: "true or false" };
  try {
    const value: unknown = JSON.parse(text);
    const fits = row.type === "array" ? Array.isArray(value) : isObject(value);
    return fits ? { ok: true, value } : { ok: false, message: `not a JSON ${row.type}` };
  } catch {
    return { ok: false, message: `not JSON (write a JSON ${row.type})` };
  }
}

/** The schema the rows mean (undefined when there are none), and what keeps a row from counting. */
export function schemaFromRows(rows: readonly InputRow[]): { schema: Json | undefined; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const properties: Json = {};
  const required: string[] = [];
  rows.forEach((row, index) => {
    const name = row.name.trim();
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      problems.push({ row: index, field: "name", message: name ? "letters, digits and _ (not first a digit)" : "needs a name" });
      return;
    }
    if (name in properties) {
      problems.push({ row: index, field: "name", message: `"${name}" is listed twice` });
      return;
    }
    const property: Json = { type: row.type };
    if (row.description.trim()) property.description = row.description.trim();
    if (row.default !== "") {
      const parsed = parseDefault(row);
      if (parsed.ok) property.default = parsed.value;
      else problems.push({ row: index, field: "default", message: parsed.message });
    }
    properties[name] = property;
    if (row.required) required.push(name);
  });
  if (Object.keys(properties).length === 0) return { schema: undefined, problems };
  return { schema: { type: "object", properties, ...(required.length > 0 ? { required } : {}) }, problems };
}
