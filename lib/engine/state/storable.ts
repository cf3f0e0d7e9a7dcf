/**
 * Makes values storable before they enter the run state: PostgreSQL's jsonb refuses `\u0000` and
 * text with lone UTF-16 surrogates, and a checkpoint that fails on content would fail again after
 * every recovery (a poison loop that repeats the node's side effects). Both are replaced, visibly,
 * with U+FFFD in strings and object keys, and nesting deeper than MAX_DEPTH (PostgreSQL's stack
 * limit, and ours) is cut with a visible marker. Everything else is left as it is; values that need
 * no change are returned as the same object (no copy on the hot path).
 */

export const MAX_DEPTH = 512;

export const REPLACEMENT = "\uFFFD";

// A NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function storableText(text: string): string {
  UNSTORABLE.lastIndex = 0;
  return UNSTORABLE.test(text) ? text.replace(UNSTORABLE, REPLACEMENT) : text;
}

/** `value` with every unstorable character replaced; the same reference when nothing changed. */
export function storable<T>(value: T): T {
  return clean(value, 0) as T;
}

function clean(value: unknown, depth: number): unknown {
  if (typeof value === "string") return storableText(value);
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return `[cut: nested deeper than ${MAX_DEPTH} levels]`;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      const next = clean(item, depth + 1);
      if (next !== item) (out ??= value.slice())[i] = next;
    }
    return out ?? value;
  }
  let out: Record<string, unknown> | undefined;
  const entries = Object.entries(value as Record<string, unknown>);
  for (const [key, item] of entries) {
    const safeKey = storableText(key);
    const next = clean(item, depth + 1);
    if (next !== item || safeKey !== key) {
      out ??= Object.fromEntries(entries.map(([k, v]) => [k, v]));
      if (safeKey !== key) delete out[key];
      out[safeKey] = next;
    }
  }
  return out ?? value;
}
