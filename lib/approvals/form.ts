/**
 * The approval page's form: fields from the node's JSON Schema (`fields`, or `expectedSchema` of
 * human_input), the submitted text turned into typed values, and the schema's verdict per field.
 */
import { validateJsonSchema } from "@/lib/engine/json-schema";
import { coerceInputs, inputFields, type InputField } from "@/lib/workflows/input-fields";

export type { InputField };

export type FormValues = Record<string, string | boolean>;
export type FieldErrors = Record<string, string>;

export function formFields(schema: unknown): InputField[] {
  return inputFields(schema);
}

/** A form post's `field:<key>` entries (an unchecked checkbox sends nothing). */
export function valuesFromFormData(data: FormData): FormValues {
  const values: FormValues = {};
  for (const [name, raw] of data.entries()) if (name.startsWith("field:") && typeof raw === "string") values[name.slice(6)] = raw.slice(0, 100_000);
  return values;
}

/** Typed input matching the schema, or errors keyed by field ("" for the form as a whole). */
export function checkInput(schema: unknown, values: FormValues): { ok: true; input: Record<string, unknown> } | { ok: false; errors: FieldErrors } {
  const fields = formFields(schema);
  // Checkboxes arrive as "on" (or nothing at all) from a form post.
  const normalized: FormValues = { ...values };
  for (const f of fields) if (f.kind === "boolean") normalized[f.key] = values[f.key] === true || values[f.key] === "on" || values[f.key] === "true";
  const coerced = coerceInputs(fields, normalized);
  if (!coerced.ok) return { ok: false, errors: coerced.errors };
  if (!schema || typeof schema !== "object") return { ok: true, input: coerced.inputs };
  const problems = validateJsonSchema(schema, coerced.inputs);
  if (problems.length === 0) return { ok: true, input: coerced.inputs };
  const errors: FieldErrors = {};
  for (const p of problems) {
    const key = p.path.split(/[.[]/)[0] ?? "";
    const field = fields.some((f) => f.key === key) ? key : "";
    errors[field] ??= field ? p.message : `${p.path || "input"}: ${p.message}`;
  }
  return { ok: false, errors };
}
