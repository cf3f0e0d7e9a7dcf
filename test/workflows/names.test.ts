import assert from "node:assert/strict";
import { test } from "node:test";
import { createWorkflowSchema, renameWorkflowSchema } from "../../lib/workflows/names";

test("names are trimmed and may hold up to 120 characters, emoji counting as one", () => {
  assert.deepEqual(createWorkflowSchema.parse({ name: "  Nightly report  " }), { name: "Nightly report" });
  assert.ok(createWorkflowSchema.safeParse({ name: "x".repeat(120) }).success);
  assert.ok(createWorkflowSchema.safeParse({ name: "🚀".repeat(120) }).success);
});

test("empty and too-long names get clear messages", () => {
  const empty = createWorkflowSchema.safeParse({ name: "   " });
  assert.ok(!empty.success);
  assert.equal(empty.error.issues[0].message, "Enter a name for the workflow");

  const long = renameWorkflowSchema.safeParse({ id: "w1", name: "x".repeat(121) });
  assert.ok(!long.success);
  assert.deepEqual(long.error.issues.map((i) => [i.path.join("."), i.message]), [
    ["name", "Name is too long: 121 characters, the limit is 120"],
  ]);
});
