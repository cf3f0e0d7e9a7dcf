/** Run inputs against the definition's `inputs` JSON Schema (ajv), reported as problems with paths. */
import { Ajv, type ValidateFunction } from "ajv";
import type { Plan } from "../plan/types";
import { jsonPath, type PathKey, type Problem } from "../problems";

const ajv = new Ajv({ allErrors: true, strict: false });
const compiled = new WeakMap<Plan, ValidateFunction | Problem[]>();

function validatorOf(plan: Plan): ValidateFunction | Problem[] | undefined {
  if (!plan.inputsSchema || Object.keys(plan.inputsSchema).length === 0) return undefined;
  let validator = compiled.get(plan);
  if (!validator) {
    try {
      validator = ajv.compile(plan.inputsSchema);
    } catch (error) {
      validator = [{ path: "inputs", message: `the workflow's inputs schema is not a valid JSON Schema: ${error instanceof Error ? error.message : String(error)}` }];
    }
    compiled.set(plan, validator);
  }
  return validator;
}

export function validateInputs(plan: Plan, inputs: unknown): { ok: true } | { ok: false; problems: Problem[] } {
  const validator = validatorOf(plan);
  if (!validator) return { ok: true };
  if (Array.isArray(validator)) return { ok: false, problems: validator };
  if (validator(inputs ?? {})) return { ok: true };
  const problems = (validator.errors ?? []).map((error) => {
    const keys: PathKey[] = ["inputs", ...error.instancePath.split("/").slice(1).map((k) => (/^\d+$/.test(k) ? Number(k) : k.replace(/~1/g, "/").replace(/~0/g, "~")))];
    const missing = (error.params as { missingProperty?: string }).missingProperty;
    if (missing) return { path: jsonPath([...keys, missing]), message: "is required" };
    return { path: jsonPath(keys), message: error.message ?? "is invalid" };
  });
  return { ok: false, problems };
}
