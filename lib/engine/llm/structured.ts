/**
 * Structured output: the answer text parsed as JSON and validated against the
 * node's `responseSchema` with the engine's own JSON Schema validator (the
 * same messages and paths as approval and run-input validation). A mismatch
 * is a VALIDATION_ERROR: not retried by the engine, routable to the error port.
 */
import { ErrorCode, NodeError } from "../errors";
import { checkJsonSchema, describeProblems, validateJsonSchema } from "../json-schema";

function invalid(message: string): NodeError {
  return new NodeError(message, ErrorCode.VALIDATION_ERROR, { retryable: false });
}

/** Fails before any request when the schema itself is unusable. */
export function assertUsableSchema(schema: unknown): void {
  const problems = checkJsonSchema(schema);
  if (problems.length > 0) throw invalid(`responseSchema is not a usable JSON Schema: ${describeProblems(problems)}`);
}

/** Models sometimes wrap JSON in a Markdown fence even when asked not to. */
function unfenced(text: string): string {
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n?```\s*$/i.exec(text);
  return fenced ? fenced[1] : text;
}

export function parseStructured(text: string, schema: unknown): unknown {
  let value: unknown;
  try {
    value = JSON.parse(unfenced(text));
  } catch {
    const preview = text.length > 120 ? `${text.slice(0, 120)}…` : text;
    throw invalid(`the model's answer is not JSON (responseSchema is set): ${JSON.stringify(preview)}`);
  }
  const problems = validateJsonSchema(schema, value);
  if (problems.length > 0) throw invalid(`the model's answer does not match responseSchema: ${describeProblems(problems)}`);
  return value;
}
