// Pinned sample data's text (lib/workflows/pins.ts): a clear reason for what can't be pinned,
// before anything reaches the store (a nesting past the limit overflowed the serializers' stacks).
import assert from "node:assert/strict";
import { test } from "node:test";
import { parsePinText, PIN_MAX_DEPTH } from "../../lib/workflows/pins";

test("pin text: JSON values pass; empty, non-JSON and too deep are refused with a reason", () => {
  assert.deepEqual(parsePinText('{ "result": { "n": 7 } }'), { ok: true, value: { result: { n: 7 } } });
  assert.deepEqual(parsePinText("42"), { ok: true, value: 42 });
  assert.deepEqual(parsePinText("  "), { ok: false, error: "Sample data is empty: write a JSON value, such as {} or []" });
  const bad = parsePinText("{ n: 7 }");
  assert.ok(!bad.ok && bad.error.startsWith("Not JSON: "), JSON.stringify(bad));
  const nested = (depth: number) => "[".repeat(depth) + "]".repeat(depth);
  assert.equal(parsePinText(nested(PIN_MAX_DEPTH)).ok, true);
  assert.deepEqual(parsePinText(nested(5000)), { ok: false, error: `Sample data nests more than ${PIN_MAX_DEPTH} levels deep; flatten it` });
  assert.deepEqual(parsePinText(`{"a":${nested(PIN_MAX_DEPTH)}}`), { ok: false, error: `Sample data nests more than ${PIN_MAX_DEPTH} levels deep; flatten it` });
});
