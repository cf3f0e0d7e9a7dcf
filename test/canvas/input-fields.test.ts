import assert from "node:assert/strict";
import { test } from "node:test";
import { coerceInputs, inputFields } from "@/lib/workflows/input-fields";

const schema = {
  type: "object",
  required: ["email", "count"],
  properties: {
    email: { type: "string", title: "Email", description: "Who to notify" },
    count: { type: "integer", default: 3 },
    ratio: { type: ["number", "null"] },
    dryRun: { type: "boolean", default: true },
    plan: { enum: ["free", "pro"] },
    tags: { type: "array", items: { type: "string" } },
  },
};

test("one field per property, typed, with defaults and required marks", () => {
  const fields = inputFields(schema);
  assert.deepEqual(fields.map((f) => [f.key, f.kind, f.required, f.initial]), [
    ["email", "string", true, ""], ["count", "integer", true, "3"], ["ratio", "number", false, ""],
    ["dryRun", "boolean", false, true], ["plan", "enum", false, "free"], ["tags", "json", false, ""],
  ]);
  assert.equal(fields[0].label, "Email");
  assert.deepEqual(inputFields(undefined), []);
  assert.deepEqual(inputFields({ type: "object" }), []);
});

test("form text becomes typed inputs; each bad field says why", () => {
  const fields = inputFields(schema);
  assert.deepEqual(coerceInputs(fields, { email: "a@b.c", count: "4", ratio: "", dryRun: false, plan: "pro", tags: '["x"]' }), {
    ok: true,
    inputs: { email: "a@b.c", count: 4, dryRun: false, plan: "pro", tags: ["x"] },
  });
  const bad = coerceInputs(fields, { email: " ", count: "2.5", ratio: "abc", tags: "[" });
  assert.equal(bad.ok, false);
  if (!bad.ok) {
    assert.equal(bad.errors.email, "Required");
    assert.equal(bad.errors.count, "Enter a whole number");
    assert.equal(bad.errors.ratio, "Enter a number");
    assert.match(bad.errors.tags, /^Not valid JSON/);
  }
});
