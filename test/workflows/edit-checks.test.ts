// The editor's own checks: what would certainly fail at run time shows on the node while editing.
import assert from "node:assert/strict";
import { test } from "node:test";
import { editProblems } from "../../lib/workflows/edit-checks";

const definition = (...nodes: { type: string; config: Record<string, unknown> }[]) => ({ version: 1, nodes: nodes.map((n, i) => ({ id: `n${i}`, ...n })), edges: [] });

test("a JSONata expression that does not parse is a problem at its field, with the position", () => {
  const problems = editProblems(definition({ type: "jsonata", config: { expression: "$sum(items.price" } }, { type: "jsonata", config: { expression: "$sum(items.price)" } }));
  assert.equal(problems.length, 1);
  assert.equal(problems[0].path, "nodes[0].config.expression");
  assert.match(problems[0].message, /JSONata syntax error at character 16: Expected "\)"/);
});

test("a JavaScript body that does not compile is a problem; await and return are fine; nothing runs", () => {
  (globalThis as { ranUserCode?: boolean }).ranUserCode = false;
  const problems = editProblems(
    definition(
      { type: "javascript", config: { code: "return data.x +;" } },
      { type: "javascript", config: { code: "const r = await Promise.resolve(data); return r;" } },
      { type: "javascript", config: { code: "globalThis.ranUserCode = true; return 1;" } },
    ),
  );
  assert.deepEqual(problems.map((p) => p.path), ["nodes[0].config.code"]);
  assert.match(problems[0].message, /JavaScript syntax error: Unexpected token/);
  assert.equal((globalThis as { ranUserCode?: boolean }).ranUserCode, false, "compiled, never called");
});

test("an http URL must be a full http(s) URL unless a template writes it", () => {
  const problems = editProblems(
    definition(
      { type: "http", config: { url: "api.example.com/items" } },
      { type: "http", config: { url: "ftp://files.example.com" } },
      { type: "http", config: { url: "https://api.example.com/items?q=1" } },
      { type: "http", config: { url: "{{inputs.base}}/items" } },
    ),
  );
  assert.deepEqual(problems.map((p) => p.path), ["nodes[0].config.url", "nodes[1].config.url"]);
  assert.match(problems[0].message, /write it in full/);
});

test("odd definitions give no problems here (the engine's build reports them)", () => {
  assert.deepEqual(editProblems(null), []);
  assert.deepEqual(editProblems({ nodes: [null, { type: "jsonata" }, { type: "http", config: { url: 5 } }] }), []);
});
