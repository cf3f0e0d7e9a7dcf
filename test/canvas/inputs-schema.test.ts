// The trigger's inputs form: rows to a JSON Schema and back, without losing what rows can't say.
import assert from "node:assert/strict";
import { test } from "node:test";
import { rowsFromSchema, schemaFromRows, type InputRow } from "../../lib/workflows/inputs-schema";

const row = (over: Partial<InputRow>): InputRow => ({ name: "x", type: "string", required: false, default: "", description: "", ...over });

test("rows become the schema the Run dialog and the engine read, and come back the same", () => {
  const rows = [row({ name: "email", required: true, description: "Who signs up" }), row({ name: "seats", type: "integer", default: "3" }), row({ name: "tags", type: "array", default: '["a"]' }), row({ name: "trial", type: "boolean", default: "true" })];
  const { schema, problems } = schemaFromRows(rows);
  assert.deepEqual(problems, []);
  assert.deepEqual(schema, {
    type: "object",
    properties: { email: { type: "string", description: "Who signs up" }, seats: { type: "integer", default: 3 }, tags: { type: "array", default: ["a"] }, trial: { type: "boolean", default: true } },
    required: ["email"],
  });
  assert.deepEqual(rowsFromSchema(schema), rows);
});

test("bad rows are reported at their field and left out; no rows is no schema", () => {
  const { schema, problems } = schemaFromRows([row({ name: "1st" }), row({ name: "n", type: "number", default: "many" }), row({ name: "ok" }), row({ name: "ok" })]);
  assert.deepEqual(problems.map((p) => [p.row, p.field]), [[0, "name"], [1, "default"], [3, "name"]]);
  assert.deepEqual(Object.keys((schema as { properties: object }).properties), ["n", "ok"]);
  assert.equal(schemaFromRows([]).schema, undefined);
});

test("a schema the rows can't express is not offered as rows (it stays JSON)", () => {
  assert.equal(rowsFromSchema({ type: "object", properties: { plan: { enum: ["free", "pro"] } } }), null);
  assert.equal(rowsFromSchema({ type: "object", properties: { who: { type: "object", properties: { a: { type: "string" } } } } }), null);
  assert.equal(rowsFromSchema({ type: "object", properties: {}, minProperties: 1 }), null);
  assert.deepEqual(rowsFromSchema(undefined), []);
});
