// Pinned sample data's text (lib/workflows/pins.ts): a clear reason, with where, for what can't be
// pinned, before anything reaches the store (a nesting past the limit overflowed the drivers'
// serializers; PostgreSQL refuses \u0000 in jsonb).
import assert from "node:assert/strict";
import { test } from "node:test";
import { MAX_JSON_DEPTH } from "../../lib/http/json";
import { parsePinText } from "../../lib/workflows/pins";

test("pin text: JSON values pass; empty, non-JSON, too deep and unstorable text are refused with where and why", () => {
  assert.deepEqual(parsePinText('{ "result": { "n": 7 } }'), { ok: true, value: { result: { n: 7 } } });
  assert.deepEqual(parsePinText("42"), { ok: true, value: 42 });
  assert.deepEqual(parsePinText("  "), { ok: false, error: "Sample data is empty: write a JSON value, such as {} or []" });
  const bad = parsePinText("{ n: 7 }");
  assert.ok(!bad.ok && bad.error.startsWith("Not JSON: "), JSON.stringify(bad));
  const nested = (depth: number) => "[".repeat(depth) + "]".repeat(depth);
  assert.equal(parsePinText(nested(MAX_JSON_DEPTH)).ok, true);
  assert.match((parsePinText(nested(5000)) as { error: string }).error, new RegExp(`^Sample data at .*: nested deeper than ${MAX_JSON_DEPTH} levels$`));
  assert.match((parsePinText(`{"a":${nested(MAX_JSON_DEPTH)}}`) as { error: string }).error, /^Sample data at a.*: nested deeper than 64 levels$/);
  assert.deepEqual(parsePinText('{"body":{"note":"a\\u0000b"}}'), { ok: false, error: "Sample data at body.note: contains the character \\u0000, which cannot be stored" });
});
