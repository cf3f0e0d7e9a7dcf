// Reading JSON request bodies in route handlers: a body that is not JSON, too large, too deep,
// holds text PostgreSQL can't store, or is not the expected shape gets a 400 (413 for size) with
// the path of each problem and a reason, never a 500, and before anything is stored.
import type { z } from "zod";
import { jsonError, MAX_BODY_BYTES, readBodyText, type BodyResult } from "./body";

export { jsonError };
export const MAX_JSON_BYTES = MAX_BODY_BYTES;
/**
 * Nesting levels of arrays/objects a body may have (`{}` is 1). Real payloads (webhook events,
 * run inputs) are a handful of levels deep; every later step is recursive (templates, zod, stringify,
 * PostgreSQL's jsonb parser) and run state wraps inputs ~10 levels deeper. docs/decisions.md.
 */
export const MAX_JSON_DEPTH = 64;

export type JsonBodyResult<T> = BodyResult<T>;

/**
 * JSON answers shorter than this are sent as they are: Next compresses every answer whose client
 * accepts gzip, and starting a gzip stream for a run result of 1–2 KB cost about 8 % of the server's
 * CPU at 32 concurrent API clients (issue 18). Larger ones are still compressed.
 */
export const UNCOMPRESSED_JSON_CHARS = 8 * 1024;

/**
 * Response.json for API answers: `Cache-Control: no-store` (runs change; nothing should keep them),
 * plus `no-transform` when it is short, which Next's compression honours.
 */
export function jsonResponse(body: unknown, init: ResponseInit = {}): Response {
  const text = JSON.stringify(body);
  const headers = new Headers(init.headers);
  headers.set("content-type", "application/json");
  if (!headers.has("cache-control")) headers.set("cache-control", text.length < UNCOMPRESSED_JSON_CHARS ? "no-store, no-transform" : "no-store");
  return new Response(text, { ...init, headers });
}
export type Issue = { path: string; message: string };

const ROOT = "(body)";
const pathText = (path: readonly (string | number)[]) => (path.length ? path.map(String).join(".") : ROOT);

export function badRequest(issues: Issue[], prefix = ""): Response {
  const first = issues[0];
  return jsonError(400, first ? `${prefix}${first.path}: ${first.message}` : "Invalid request body", { issues });
}

/**
 * Finds the first container nested deeper than `max` without building anything (JSON.parse would
 * allocate every level first), and names where it is. Not a validator: JSON.parse judges syntax.
 */
export function tooDeepAt(text: string, max = MAX_JSON_DEPTH): string | null {
  type Frame = { array: boolean; index: number; key: [number, number] | null; expectKey: boolean };
  const stack: Frame[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const start = i;
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c /* \ */) i++;
      const top = stack[stack.length - 1];
      if (top && !top.array && top.expectKey) top.key = [start, i + 1];
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (stack.length >= max) return pathText(stack.map((f) => (f.array ? f.index : keyText(text, f.key))));
      stack.push({ array: c === 0x5b, index: 0, key: null, expectKey: c === 0x7b });
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
    } else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top?.array) top.index++;
      else if (top) top.expectKey = true;
    } else if (c === 0x3a /* : */) {
      const top = stack[stack.length - 1];
      if (top) top.expectKey = false;
    }
  }
  return null;
}

function keyText(text: string, key: [number, number] | null): string {
  if (!key) return "?";
  try {
    return String(JSON.parse(text.slice(key[0], key[1])));
  } catch {
    return text.slice(key[0] + 1, key[1] - 1);
  }
}

// Under the u flag, \p{Cs} matches only unpaired surrogates (pairs read as one code point).
const LONE_SURROGATE = /\p{Cs}/u;

function textProblem(text: string): string | null {
  if (LONE_SURROGATE.test(text)) return "contains a lone UTF-16 surrogate (\\ud800-\\udfff without its pair): not valid Unicode";
  if (text.includes("\u0000")) return "contains the character \\u0000, which cannot be stored";
  return null;
}

/** Text that PostgreSQL can store and compare (route params used as ids, names). */
export const isStorableText = (text: string) => textProblem(text) === null;

/**
 * Problems in a value about to be stored: text that is not valid Unicode, \u0000 (PostgreSQL's
 * jsonb and text refuse it), nesting deeper than MAX_JSON_DEPTH. At most `limit` issues.
 */
export function jsonValueIssues(value: unknown, basePath: (string | number)[] = [], limit = 10): Issue[] {
  const issues: Issue[] = [];
  const visit = (v: unknown, path: (string | number)[], depth: number): void => {
    if (issues.length >= limit) return;
    if (typeof v === "string") {
      const problem = textProblem(v);
      if (problem) issues.push({ path: pathText(path), message: problem });
      return;
    }
    if (v === null || typeof v !== "object") return;
    if (depth >= MAX_JSON_DEPTH) {
      issues.push({ path: pathText(path), message: `nested deeper than ${MAX_JSON_DEPTH} levels` });
      return;
    }
    if (Array.isArray(v)) {
      v.forEach((item, index) => visit(item, [...path, index], depth + 1));
      return;
    }
    for (const [key, item] of Object.entries(v)) {
      const problem = textProblem(key);
      if (problem) issues.push({ path: pathText([...path, key]), message: `the key ${problem}` });
      visit(item, [...path, key], depth + 1);
    }
  };
  visit(value, basePath, 0);
  return issues;
}

/** JSON text to a value that can be stored, or a 400 naming where and why. */
export function parseJsonText(text: string): BodyResult<unknown> {
  if (text.trim() === "") return { ok: false, response: jsonError(400, "The request body is empty; send a JSON object") };
  const deep = tooDeepAt(text);
  if (deep !== null) return { ok: false, response: badRequest([{ path: deep, message: `nested deeper than ${MAX_JSON_DEPTH} levels` }]) };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof SyntaxError ? error.message : "invalid JSON";
    return { ok: false, response: jsonError(400, `The request body is not valid JSON: ${reason}`) };
  }
  const issues = jsonValueIssues(value);
  return issues.length ? { ok: false, response: badRequest(issues) } : { ok: true, data: value };
}

export async function readJsonBody(request: Request): Promise<JsonBodyResult<unknown>>;
export async function readJsonBody<S extends z.ZodType>(request: Request, schema: S, options?: { optional?: boolean }): Promise<JsonBodyResult<z.output<S>>>;
/**
 * The body, parsed and checked against `schema`. `optional`: an absent or empty body means `{}`
 * (the schema's defaults), for routes whose options may be left out.
 */
export async function readJsonBody(request: Request, schema?: z.ZodType, options: { optional?: boolean } = {}): Promise<JsonBodyResult<unknown>> {
  const text = await readBodyText(request);
  if (!text.ok) return text;
  const parsed = options.optional && text.data.trim() === "" ? ({ ok: true, data: {} } as const) : parseJsonText(text.data);
  if (!parsed.ok || !schema) return parsed;
  const checked = schema.safeParse(parsed.data);
  if (checked.success) return { ok: true, data: checked.data };
  return { ok: false, response: badRequest(checked.error.issues.map((issue) => ({ path: pathText(issue.path as (string | number)[]), message: issue.message }))) };
}
