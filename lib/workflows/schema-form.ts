/**
 * Turns a node type's config JSON Schema (zod 4 `toJSONSchema`, io "input")
 * into the fields the side panel renders, and gives new nodes a starting config.
 */
import type { JsonSchema } from "./catalog-types";

export type FieldKind = "text" | "number" | "boolean" | "enum" | "json" | "code" | "list";

export type FieldSpec = {
  key: string;
  kind: FieldKind;
  required: boolean;
  description?: string;
  options?: string[];
  /** text fields where `{{` completes references (not code, not enums). */
  templates: boolean;
  /** Any value (zod unknown): edited as a template string unless it holds JSON. */
  freeform: boolean;
  /** For json fields: "array" or "object" when the schema says so. */
  jsonType?: "array" | "object";
  placeholder?: string;
};

export type Variant = { key: string | null; options: { label: string; index: number }[]; selected: number };

export type FormShape = { variant: Variant | null; fields: FieldSpec[]; branch: JsonSchema };

const typesOf = (s: JsonSchema): string[] => (Array.isArray(s.type) ? s.type : s.type ? [s.type] : []);
const branchesOf = (s: JsonSchema): JsonSchema[] | null => {
  const list = s.oneOf ?? s.anyOf;
  return Array.isArray(list) && list.length > 0 ? list : null;
};

function enumOptions(s: JsonSchema): string[] | null {
  if (Array.isArray(s.enum) && s.enum.every((v) => typeof v === "string")) return s.enum as string[];
  const branches = branchesOf(s);
  if (branches && branches.every((b) => typeof b.const === "string")) return branches.map((b) => b.const as string);
  return null;
}

export function fieldKind(s: JsonSchema, raw: boolean): FieldKind {
  if (raw) return "code";
  if (enumOptions(s)) return "enum";
  const types = typesOf(s);
  if (types.length === 1 && types[0] === "boolean") return "boolean";
  if (types.includes("number") || types.includes("integer")) return "number";
  if (types.length > 0 && types.every((t) => t === "string" || t === "null")) return "text";
  // A list of plain strings (approvers' addresses) is typed as text, one per comma or line.
  if (types.length === 1 && types[0] === "array" && s.items && typesOf(s.items).join() === "string" && !enumOptions(s.items)) return "list";
  return "json";
}

/** A list field's text as its value: the items (split at commas, semicolons and line breaks), or the text itself when it holds a {{template}}. */
export function parseListField(text: string): string[] | string | undefined {
  if (text.includes("{{")) return text;
  const items = text.split(/[,;\n]/).map((item) => item.trim()).filter(Boolean);
  return items.length > 0 ? items : undefined;
}

/** A list value as the text to edit. */
export const showListField = (value: unknown): string => (Array.isArray(value) ? value.map(String).join(", ") : typeof value === "string" ? value : "");

/** The property that is a `const` in every branch (loop `mode`), if any. */
function discriminator(branches: JsonSchema[]): string | null {
  const first = branches[0].properties ?? {};
  for (const key of Object.keys(first))
    if (branches.every((b) => b.properties?.[key]?.const !== undefined)) return key;
  return null;
}

function pickBranch(branches: JsonSchema[], key: string | null, value: Record<string, unknown>): number {
  if (key) {
    const i = branches.findIndex((b) => b.properties?.[key]?.const === value[key]);
    return i >= 0 ? i : 0;
  }
  let best = 0;
  let bestScore = -1;
  branches.forEach((b, i) => {
    const score = Object.keys(b.properties ?? {}).filter((k) => k in value).length;
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  });
  return best;
}

/** A list field's hint: its items' examples, else two addresses for an email list. */
function listPlaceholder(items: JsonSchema | undefined): { placeholder?: string } {
  const examples = Array.isArray(items?.examples) ? items.examples.filter((e): e is string => typeof e === "string") : [];
  if (examples.length > 0) return { placeholder: examples.join(", ") };
  return items?.format === "email" ? { placeholder: "ana@example.com, bo@example.com" } : {};
}

export function formShape(schema: JsonSchema, value: Record<string, unknown>, rawFields: readonly string[] = []): FormShape {
  const branches = branchesOf(schema)?.filter((b) => b.properties);
  let branch = schema;
  let variant: Variant | null = null;
  if (branches && branches.length > 0) {
    const key = discriminator(branches);
    const selected = pickBranch(branches, key, value);
    branch = branches[selected];
    variant = {
      key,
      selected,
      options: branches.map((b, index) => ({
        index,
        label: key ? String(b.properties?.[key]?.const) : (b.required ?? Object.keys(b.properties ?? {})).join(", "),
      })),
    };
  }
  const required = new Set(branch.required ?? []);
  const fields = Object.entries(branch.properties ?? {})
    .filter(([key, s]) => !(variant?.key === key && s.const !== undefined))
    .map(([key, s]): FieldSpec => {
      const kind = fieldKind(s, rawFields.includes(key));
      return {
        key,
        kind,
        required: required.has(key),
        ...(typeof s.description === "string" ? { description: s.description } : {}),
        ...(kind === "enum" ? { options: enumOptions(s) ?? [] } : {}),
        templates: kind === "text" || kind === "number" || kind === "list",
        ...(kind === "list" ? listPlaceholder(s.items) : {}),
        freeform: kind === "json" && typesOf(s).length === 0,
        ...(kind === "json" && typesOf(s).includes("array") ? { jsonType: "array" as const } : {}),
        ...(kind === "json" && typesOf(s).includes("object") ? { jsonType: "object" as const } : {}),
      };
    });
  return { variant, fields, branch };
}

function initialValue(s: JsonSchema): unknown {
  if (s.default !== undefined) return s.default;
  if (s.const !== undefined) return s.const;
  const options = enumOptions(s);
  if (options) return options[0];
  const branches = branchesOf(s);
  if (branches) return initialValue(branches[0]);
  const types = typesOf(s);
  if (types.includes("string")) return "";
  if (types.includes("number") || types.includes("integer")) return 0;
  if (types.includes("boolean")) return false;
  if (types.includes("array")) return [];
  if (types.includes("object")) return initialConfig(s);
  return "";
}

/** A starting config: required fields and fields with defaults, filled with plain values. */
export function initialConfig(schema: JsonSchema): Record<string, unknown> {
  const branches = branchesOf(schema);
  const s = branches ? branches[0] : schema;
  const required = new Set(s.required ?? []);
  const out: Record<string, unknown> = {};
  for (const [key, prop] of Object.entries(s.properties ?? {}))
    if (required.has(key) || prop.default !== undefined || prop.const !== undefined) out[key] = initialValue(prop);
  return out;
}

/** Switching a union's branch keeps the values the new branch also has. */
export function switchBranch(schema: JsonSchema, value: Record<string, unknown>, index: number): Record<string, unknown> {
  const branch = branchesOf(schema)?.[index];
  if (!branch) return value;
  const next = initialConfig(branch);
  for (const key of Object.keys(branch.properties ?? {}))
    if (key in value && branch.properties?.[key]?.const === undefined) next[key] = value[key];
  return next;
}

/** A number field's text: numbers when numeric, else kept as text (templates, "30s"). */
export function parseNumberField(text: string): number | string | undefined {
  if (text.trim() === "") return undefined;
  const n = Number(text);
  return Number.isFinite(n) && /^-?\d*\.?\d+(e-?\d+)?$/i.test(text.trim()) ? n : text;
}
