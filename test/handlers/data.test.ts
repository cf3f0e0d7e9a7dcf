import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { filterHandler } from "../../lib/engine/handlers/filter";
import { jsonataHandler } from "../../lib/engine/handlers/jsonata";
import { mapHandler } from "../../lib/engine/handlers/map";
import { doneOutput, makeContext, rejectsWithCode, run } from "./helpers";

const people = [
  { name: "Ann", age: 31 },
  { name: "Bo", age: 12 },
  { name: "Cy", age: 18 },
];

describe("jsonata handler", () => {
  it("evaluates over input, or over the scope without one; expression is raw", async () => {
    assert.deepEqual(jsonataHandler.rawFields, ["expression"]);
    const out = doneOutput(await run(jsonataHandler, { expression: "$sum(items.price)", input: { items: [{ price: 2 }, { price: 40 }] } }));
    assert.deepEqual(out, { result: 42 });
    const scope = Object.freeze({ inputs: Object.freeze({ people }), fetch1: { status: 200 } });
    const fromScope = doneOutput(await run(jsonataHandler, { expression: "inputs.people[age >= 18].name" }, makeContext({ scope })));
    assert.deepEqual(fromScope, { result: ["Ann", "Cy"] });
    assert.deepEqual(doneOutput(await run(jsonataHandler, { expression: "fetch1.status = 200" }, makeContext({ scope }))), { result: true });
  });

  it("returns plain JSON: no match is null, sequences are plain arrays", async () => {
    assert.deepEqual(doneOutput(await run(jsonataHandler, { expression: "nothing.here", input: {} })), { result: null });
    const seq = doneOutput(await run(jsonataHandler, { expression: "$.n", input: [{ n: 1 }, { n: 2 }] })) as { result: unknown[] };
    assert.deepEqual(seq.result, [1, 2]);
    assert.equal(Object.keys(seq.result).includes("sequence"), false);
  });

  it("fails with SCRIPT_ERROR carrying jsonata's message, TIMEOUT past the time limit", async () => {
    const syntax = await rejectsWithCode(run(jsonataHandler, { expression: "items[", input: {} }), "SCRIPT_ERROR");
    assert.match(syntax.message, /invalid expression/);
    const runtime = await rejectsWithCode(run(jsonataHandler, { expression: "$number('abc') + $undefinedFn()", input: {} }), "SCRIPT_ERROR");
    assert.ok(runtime.message.length > 0);
    const ctx = makeContext({ options: { scriptTimeoutMs: 50 } });
    await rejectsWithCode(run(jsonataHandler, { expression: "($f := function($n) { $f($n + 1) }; $f(0))", input: {} }, ctx), "TIMEOUT");
  });
});

describe("map handler", () => {
  it("resolves the deferred mapping per item with loop bindings", async () => {
    assert.deepEqual(mapHandler.deferredFields, ["mapping"]);
    const out = doneOutput(
      await run(mapHandler, {
        input: people.slice(0, 2),
        mapping: { label: "{{loop.item.name}} ({{loop.item.age}})", age: "{{loop.item.age}}", i: "{{loop.index}}", n: "{{loop.iteration}}/{{loop.total}}", last: "{{loop.isLast}}", first: "{{loop.isFirst}}" },
      }),
    );
    assert.deepEqual(out, {
      result: [
        { label: "Ann (31)", age: 31, i: 0, n: "1/2", last: false, first: true },
        { label: "Bo (12)", age: 12, i: 1, n: "2/2", last: true, first: false },
      ],
    });
  });

  it("maps to whole values, sees the scope too, and treats a missing input as empty", async () => {
    const ctx = makeContext({ scope: { inputs: { suffix: "!" } } });
    assert.deepEqual(doneOutput(await run(mapHandler, { input: [1, 2], mapping: "{{loop.item}}{{inputs.suffix}}" }, ctx)), { result: ["1!", "2!"] });
    assert.deepEqual(doneOutput(await run(mapHandler, { input: [[1], [2]], mapping: "{{loop.item}}" })), { result: [[1], [2]] });
    assert.deepEqual(doneOutput(await run(mapHandler, { input: null, mapping: "{{loop.item}}" })), { result: [] });
    await rejectsWithCode(run(mapHandler, { input: { not: "an array" }, mapping: "x" }), "VALIDATION_ERROR");
  });
});

describe("filter handler", () => {
  it("keeps the items whose per-item field matches", async () => {
    assert.deepEqual(filterHandler.deferredFields, ["field", "value"]);
    const adults = doneOutput(await run(filterHandler, { input: people, field: "{{loop.item.age}}", operator: "greaterOrEqual", value: 18 }));
    assert.deepEqual(adults, { result: [people[0], people[2]] });
    const named = doneOutput(await run(filterHandler, { input: people, field: "{{loop.item.name}}", operator: "startsWith", value: "B" }));
    assert.deepEqual(named, { result: [people[1]] });
  });

  it("resolves value per item too, and refuses unknown operators", async () => {
    const pairs = [{ a: 1, b: 1 }, { a: 1, b: 2 }];
    const same = doneOutput(await run(filterHandler, { input: pairs, field: "{{loop.item.a}}", operator: "equals", value: "{{loop.item.b}}" }));
    assert.deepEqual(same, { result: [pairs[0]] });
    await rejectsWithCode(run(filterHandler, { input: pairs, field: "{{loop.item.a}}", operator: "like", value: 1 }), "VALIDATION_ERROR");
  });
});
