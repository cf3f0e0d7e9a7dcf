// Reading JSON request bodies in route handlers: a body that is not JSON, too large, or not
// the expected shape gets a 400 with a message (and the path of each problem), never a 500.
import type { z } from "zod";

export const MAX_JSON_BYTES = 1_000_000;

export type JsonBodyResult<T> = { ok: true; data: T } | { ok: false; response: Response };

export function jsonError(status: number, error: string, extra?: Record<string, unknown>): Response {
  return Response.json({ error, ...extra }, { status });
}

export async function readJsonBody(request: Request): Promise<JsonBodyResult<unknown>>;
export async function readJsonBody<S extends z.ZodType>(
  request: Request,
  schema: S,
): Promise<JsonBodyResult<z.output<S>>>;
export async function readJsonBody(request: Request, schema?: z.ZodType): Promise<JsonBodyResult<unknown>> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_JSON_BYTES) return tooLarge();
  let text: string;
  try {
    text = await request.text();
  } catch {
    return { ok: false, response: jsonError(400, "The request body could not be read") };
  }
  if (Buffer.byteLength(text) > MAX_JSON_BYTES) return tooLarge();
  if (text.trim() === "") {
    return { ok: false, response: jsonError(400, "The request body is empty; send a JSON object") };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof SyntaxError ? error.message : "invalid JSON";
    return { ok: false, response: jsonError(400, `The request body is not valid JSON: ${reason}`) };
  }
  if (!schema) return { ok: true, data: value };
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, data: parsed.data };
  const issues = parsed.error.issues.map((issue) => ({
    path: issue.path.length ? issue.path.map(String).join(".") : "(body)",
    message: issue.message,
  }));
  const first = issues[0];
  return {
    ok: false,
    response: jsonError(400, first ? `${first.path}: ${first.message}` : "Invalid request body", { issues }),
  };
}

function tooLarge(): JsonBodyResult<never> {
  return { ok: false, response: jsonError(413, `The request body is larger than ${MAX_JSON_BYTES} bytes`) };
}
