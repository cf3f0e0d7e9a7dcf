import assert from "node:assert/strict";
import { test } from "node:test";
import { collectRefs, compileValue, evaluate } from "../../lib/engine/templates/compile";
import { parsePath, parseTemplateString } from "../../lib/engine/templates/parse";

const scope = {
  inputs: { name: "Ada", tags: ["x", "y"], n: 0, nothing: null, obj: { a: 1 } },
  fetchUser: { data: { items: [{ name: "first" }, { name: "second" }] } },
  loop: { item: { name: "it" }, index: 2 },
};
const resolve = (value: unknown) => evaluate(compileValue(value), scope);

test("paths use dots and [n] indexes", () => {
  assert.deepEqual(parsePath("fetchUser.data.items[0].name"), { root: "fetchUser", steps: ["data", "items", 0, "name"] });
  assert.throws(() => parsePath("a..b"));
  assert.throws(() => parsePath("1abc"));
  assert.throws(() => parseTemplateString("open {{ never closed"));
});

test("a whole-field template keeps the value's type; whitespace inside braces is allowed", () => {
  assert.deepEqual(resolve("{{ inputs.tags }}"), ["x", "y"]);
  assert.equal(resolve("{{inputs.n}}"), 0);
  assert.deepEqual(resolve("{{inputs.obj}}"), { a: 1 });
  assert.equal(resolve("{{fetchUser.data.items[1].name}}"), "second");
});

test("a missing path in a whole-field template is null", () => {
  assert.equal(resolve("{{inputs.missing.deep}}"), null);
  assert.equal(resolve("{{ghost}}"), null);
  assert.equal(resolve("{{inputs.tags[9]}}"), null);
});

test("inside text: strings as-is, null/missing as empty, others as JSON", () => {
  assert.equal(resolve("Hi {{inputs.name}}, {{inputs.tags}} {{inputs.n}} [{{inputs.nothing}}] [{{inputs.zzz}}] {{inputs.obj}}"), 'Hi Ada, ["x","y"] 0 [] [] {"a":1}');
});

test("resolved at any depth of objects and arrays; non-strings pass through", () => {
  assert.deepEqual(resolve({ a: ["{{loop.item.name}}", { b: "{{loop.index}}" }, 3, true, null] }), { a: ["it", { b: 2 }, 3, true, null] });
});

test("values without templates compile to literals; references are collected with their location", () => {
  assert.equal(compileValue({ a: [1, "x"] }).kind, "literal");
  const refs = collectRefs(compileValue({ a: ["{{x.y}}", { b: "t {{z}} {{inputs.q}}" }] }));
  assert.deepEqual(
    refs.map((r) => [r.ref.root, r.at.join(".")]),
    [["x", "a.0"], ["z", "a.1.b"], ["inputs", "a.1.b"]],
  );
});

test("own properties only: prototype names do not resolve (an array's length does)", () => {
  assert.equal(resolve("{{inputs.constructor}}"), null);
  assert.equal(resolve("{{inputs.obj.__proto__}}"), null);
  assert.equal(resolve("{{inputs.tags.length}}"), 2);
});
