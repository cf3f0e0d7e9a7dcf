/**
 * JSON Schema validation (ajv) shared by approval/human_input resume and
 * run-input validation. Problems carry a path a person can read
 * (`items[0].name`, "" for the value itself) and ajv's message.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";

export interface SchemaProblem {
  path: string;
  message: string;
}

// strict: false so schemas written for other validators (unknown keywords, formats) still compile.
const ajv = new Ajv({ allErrors: true, strict: false });

// ajv-formats isn't a dependency; the formats people actually write in forms.
ajv.addFormat("email", /^[^\s@]+@[^\s@]+\.[^\s@]+$/);
ajv.addFormat("uri", { validate: (s: string) => URL.canParse(s) });
ajv.addFormat("url", { validate: (s: string) => URL.canParse(s) });
ajv.addFormat("date", /^\d{4}-\d{2}-\d{2}$/);
ajv.addFormat("date-time", {
  validate: (s: string) => /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i.test(s) && !Number.isNaN(Date.parse(s)),
});
ajv.addFormat("uuid", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);

const byIdentity = new WeakMap<object, ValidateFunction>();
const byJson = new Map<string, ValidateFunction>();
const MAX_CACHED = 500;

/** Turns a JSON pointer (`/items/0/name`) into `items[0].name`. */
export function pointerToPath(pointer: string): string {
  if (!pointer) return "";
  return pointer
    .split("/")
    .slice(1)
    .map((raw) => raw.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((path, seg) => (/^\d+$/.test(seg) ? `${path}[${seg}]` : path ? `${path}.${seg}` : seg), "");
}

function joinPath(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function toProblem(error: ErrorObject): SchemaProblem {
  const path = pointerToPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  if (error.keyword === "required" && typeof params.missingProperty === "string") {
    return { path: joinPath(path, params.missingProperty), message: "is required" };
  }
  if (error.keyword === "additionalProperties" && typeof params.additionalProperty === "string") {
    return { path: joinPath(path, params.additionalProperty), message: "is not an allowed property" };
  }
  let message = error.message ?? "is invalid";
  if (error.keyword === "enum" && Array.isArray(params.allowedValues)) {
    message = `must be one of ${params.allowedValues.map((v) => JSON.stringify(v)).join(", ")}`;
  }
  return { path, message };
}

function compile(schema: unknown): ValidateFunction {
  if (typeof schema === "object" && schema !== null) {
    const cached = byIdentity.get(schema);
    if (cached) return cached;
  }
  const json = JSON.stringify(schema);
  let validate = byJson.get(json);
  if (!validate) {
    validate = ajv.compile(schema as object);
    if (byJson.size >= MAX_CACHED) byJson.delete(byJson.keys().next().value as string);
    byJson.set(json, validate);
  }
  if (typeof schema === "object" && schema !== null) byIdentity.set(schema, validate);
  return validate;
}

/** Problems of the schema itself; empty when it is a usable JSON Schema. */
export function checkJsonSchema(schema: unknown): SchemaProblem[] {
  if (typeof schema === "boolean") return [];
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) {
    return [{ path: "", message: "must be a JSON Schema object" }];
  }
  if (!ajv.validateSchema(schema)) {
    return (ajv.errors ?? []).map((e) => ({ path: pointerToPath(e.instancePath), message: e.message ?? "is invalid" }));
  }
  try {
    compile(schema);
    return [];
  } catch (error) {
    return [{ path: "", message: error instanceof Error ? error.message : String(error) }];
  }
}

/** Problems of `value` against `schema`; empty when valid. Throws when the schema itself doesn't compile (check it first). */
export function validateJsonSchema(schema: unknown, value: unknown): SchemaProblem[] {
  const validate = compile(schema);
  if (validate(value)) return [];
  return (validate.errors ?? []).map(toProblem);
}

/** "email: must match format "email"; age: is required" */
export function describeProblems(problems: SchemaProblem[]): string {
  return problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join("; ");
}
