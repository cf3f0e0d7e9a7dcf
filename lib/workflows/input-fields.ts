/**
 * The Run dialog's form, from the definition's `inputs` JSON Schema: one field per top-level
 * property, and the typed values the form's text becomes (with a reason per field when not).
 */
export type InputFieldKind = "string" | "number" | "integer" | "boolean" | "enum" | "json";

export type InputField = {
  key: string;
  label: string;
  kind: InputFieldKind;
  required: boolean;
  description?: string;
  options?: string[];
  /** The form's starting text (or checked state for booleans). */
  initial: string | boolean;
};

type Schema = { type?: unknown; properties?: unknown; required?: unknown; enum?: unknown; default?: unknown; description?: unknown; title?: unknown };

const asSchema = (v: unknown): Schema | null => (v && typeof v === "object" && !Array.isArray(v) ? (v as Schema) : null);

function kindOf(s: Schema): InputFieldKind {
  if (Array.isArray(s.enum) && s.enum.length > 0 && s.enum.every((o) => typeof o === "string")) return "enum";
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type;
  if (type === "string" || type === "number" || type === "integer" || type === "boolean") return type;
  return "json";
}

function initialOf(kind: InputFieldKind, s: Schema): string | boolean {
  const d = s.default;
  if (kind === "boolean") return d === true;
  if (d === undefined) return kind === "enum" && Array.isArray(s.enum) ? String(s.enum[0]) : "";
  if (kind === "json") return JSON.stringify(d, null, 2);
  return String(d);
}

/** The fields to ask for; empty when the workflow takes no inputs (the dialog is skipped). */
export function inputFields(inputsSchema: unknown): InputField[] {
  const root = asSchema(inputsSchema);
  const properties = asSchema(root?.properties);
  if (!root || !properties) return [];
  const required = new Set(Array.isArray(root.required) ? root.required.filter((r): r is string => typeof r === "string") : []);
  return Object.entries(properties).flatMap(([key, value]) => {
    const s = asSchema(value) ?? {};
    const kind = kindOf(s);
    return [{
      key,
      label: typeof s.title === "string" && s.title ? s.title : key,
      kind,
      required: required.has(key),
      ...(typeof s.description === "string" && s.description ? { description: s.description } : {}),
      ...(kind === "enum" ? { options: (s.enum as string[]).slice() } : {}),
      initial: initialOf(kind, s),
    }];
  });
}

export type CoercedInputs = { ok: true; inputs: Record<string, unknown> } | { ok: false; errors: Record<string, string> };

/** Turns the form's values into the run's inputs. Empty optional fields are left out. */
export function coerceInputs(fields: readonly InputField[], values: Record<string, string | boolean>): CoercedInputs {
  const inputs: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const f of fields) {
    const raw = values[f.key] ?? f.initial;
    if (f.kind === "boolean") {
      inputs[f.key] = raw === true;
      continue;
    }
    const text = typeof raw === "string" ? raw : String(raw);
    if (text.trim() === "") {
      if (f.required) errors[f.key] = "Required";
      continue;
    }
    if (f.kind === "number" || f.kind === "integer") {
      const n = Number(text);
      if (!Number.isFinite(n)) errors[f.key] = "Enter a number";
      else if (f.kind === "integer" && !Number.isInteger(n)) errors[f.key] = "Enter a whole number";
      else inputs[f.key] = n;
    } else if (f.kind === "json") {
      try {
        inputs[f.key] = JSON.parse(text);
      } catch (e) {
        errors[f.key] = `Not valid JSON: ${e instanceof Error ? e.message : "parse error"}`;
      }
    } else inputs[f.key] = text;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, inputs };
}
