// NodeError across copies of its module: a production server build can hold two copies of
// lib/engine/errors.ts (the sandbox pool in one chunk, the executing run in another). A TIMEOUT
// made by one copy must stay a TIMEOUT for the other, not turn into INTERNAL.
import assert from "node:assert/strict";
import { test } from "node:test";
import { NodeError, toErrorInfo } from "../../lib/engine/errors";

test("a NodeError from another copy of the module keeps its code and retry flag", async () => {
  const copy = (await import(new URL("../../lib/engine/errors.ts?second-copy", import.meta.url).href)) as typeof import("../../lib/engine/errors");
  assert.notEqual(copy.NodeError, NodeError, "a distinct copy of the class");
  const fromCopy = new copy.NodeError("the expression ran longer than 1000 ms", "TIMEOUT");
  assert.ok(fromCopy instanceof NodeError);
  assert.deepEqual(toErrorInfo(fromCopy), { message: "the expression ran longer than 1000 ms", code: "TIMEOUT", retryable: true });
  assert.ok(new NodeError("x", "FAIL") instanceof copy.NodeError);
});

test("other errors are not NodeErrors", () => {
  assert.ok(!(new Error("x") instanceof NodeError));
  assert.ok(!(Object.assign(new Error("x"), { name: "NodeError", code: "TIMEOUT" }) instanceof NodeError));
  assert.ok(!((null as unknown) instanceof NodeError));
  assert.deepEqual(toErrorInfo(new TypeError("boom")), { message: "boom", code: "INTERNAL", retryable: false });
});
