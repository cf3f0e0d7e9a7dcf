/** Shared by approval and human_input: refusing waitpoint input, and JSON Schema config fields. */
import { z } from "zod";
import { ErrorCode, NodeError } from "../errors";
import { checkJsonSchema, describeProblems, validateJsonSchema } from "../json-schema";

export function refuse(message: string): NodeError {
  return new NodeError(message, ErrorCode.VALIDATION_ERROR, { retryable: false });
}

/** The message shown to people (approval `message`, human_input `reason`): text as is, any other value as JSON. */
export const promptText = z.unknown().transform((v) => (typeof v === "string" ? v : v === null || v === undefined ? "" : JSON.stringify(v)));

/** A config field holding a JSON Schema object; its own problems are reported at build time. */
export const jsonSchemaField = z.record(z.string(), z.unknown()).superRefine((schema, issue) => {
  for (const problem of checkJsonSchema(schema)) {
    issue.addIssue({ code: "custom", path: problem.path ? problem.path.split(".") : [], message: `not a valid JSON Schema: ${problem.message}` });
  }
});

/** Throws VALIDATION_ERROR listing every problem with its path, prefixed by `what`. */
export function assertMatchesSchema(schema: Record<string, unknown>, value: unknown, what: string): void {
  const problems = validateJsonSchema(schema, value);
  if (problems.length > 0) {
    throw refuse(`${what} is invalid: ${describeProblems(problems.map((p) => ({ ...p, path: p.path || "(the whole input)" })))}`);
  }
}

export function zodProblems(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length ? issue.path.join(".") : "(the whole input)"}: ${issue.message}`).join("; ");
}
