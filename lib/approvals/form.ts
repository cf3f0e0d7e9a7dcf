/**
 * The approval page's form: fields from the node's JSON Schema (`fields`, or `expectedSchema` of
 * human_input), the submitted text turned into typed values, and the schema's verdict per field.
 */
import { validateJsonSchema } from "@/lib/engine/json-schema";
import { coerceInputs, inputFields, type InputField } from "@/lib/workflows/input-fields";

export type FormValues = Record<string, string | boolean>;
export type FieldErrors = Record<string, string>;

export function formFields(schema: unknown): InputField[] {
  return inputFields(schema);
}

/** FormData to raw values: checkboxes are present ("on") or absent. */
export function valuesFromFormData(fields: readonly InputField[], data: FormData): FormValues {
  const values: FormValues = {};
  for (const f of fields) {
    const raw = data.get(`field:${f.key}`);
    values[f.key] = f.kind === "boolean" ? raw === "on" || raw === "true" : typeof raw === "string" ? raw : "";
  }
  return values;
}

/** Typed input matching the schema, or errors keyed by field ("" for the form as a whole). */
export function checkInput(schema: unknown, values: FormValues): { ok: true; input: Record<string, unknown> } | { ok: false; errors: FieldErrors } {
  const fields = formFields(schema);
  const coerced = coerceInputs(fields, values);
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
