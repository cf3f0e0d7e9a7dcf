import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkJsonSchema, pointerToPath, validateJsonSchema } from "../../lib/engine/json-schema";

describe("JSON Schema helper", () => {
  const schema = {
    type: "object",
    required: ["email"],
    additionalProperties: false,
    properties: {
      email: { type: "string", format: "email" },
      role: { enum: ["admin", "user"] },
      items: { type: "array", items: { type: "object", properties: { n: { type: "number" } } } },
    },
  };

  it("lists every problem with a readable path", () => {
    assert.deepEqual(validateJsonSchema(schema, { items: [{ n: 1 }, { n: "x" }], extra: true, role: "root" }), [
      { path: "email", message: "is required" },
      { path: "extra", message: "is not an allowed property" },
      { path: "role", message: 'must be one of "admin", "user"' },
      { path: "items[1].n", message: "must be number" },
    ]);
    assert.deepEqual(validateJsonSchema(schema, { email: "a@example.com", items: [] }), []);
    assert.deepEqual(validateJsonSchema(schema, "text"), [{ path: "", message: "must be object" }]);
  });

  it("checks schemas themselves", () => {
    assert.deepEqual(checkJsonSchema(schema), []);
    assert.ok(checkJsonSchema({ type: "nonsense" }).length > 0);
    assert.ok(checkJsonSchema({ $ref: "#/definitions/missing" }).length > 0);
    assert.ok(checkJsonSchema("string").length > 0);
  });

  it("turns JSON pointers into paths", () => {
    assert.equal(pointerToPath(""), "");
    assert.equal(pointerToPath("/a/0/b~1c"), "a[0].b/c");
  });
});
