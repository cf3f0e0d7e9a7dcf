import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { NodeError } from "../../lib/engine/errors";
import { conditionHandler } from "../../lib/engine/handlers/condition";
import { delayHandler } from "../../lib/engine/handlers/delay";
import { failHandler } from "../../lib/engine/handlers/fail";
import { outputHandler } from "../../lib/engine/handlers/output";
import { routerHandler } from "../../lib/engine/handlers/router";
import { variableHandler } from "../../lib/engine/handlers/variable";
import { doneOutput, makeContext, rejectsWithCode, run } from "./helpers";

describe("condition handler", () => {
  it("selects true/false by truthiness, with the strings false, 0 and null false", async () => {
    assert.deepEqual(conditionHandler.handles({}), ["true", "false"]);
    const cases: Array<[unknown, boolean]> = [[true, true], [false, false], ["false", false], ["true", true], ["0", false], ["null", false], [null, false], ["", false], ["yes", true], [1, true], [[], true]];
    for (const [condition, expected] of cases) {
      const result = await run(conditionHandler, { condition });
      assert.deepEqual(result, { kind: "done", output: { result: expected }, handle: String(expected) }, JSON.stringify(condition));
    }
  });

  it("compares field, operator and value", async () => {
    const yes = await run(conditionHandler, { field: "5000", operator: "greaterThan", value: 1000 });
    assert.deepEqual(yes, { kind: "done", output: { result: true }, handle: "true" });
    const no = await run(conditionHandler, { field: ["a", "b"], operator: "contains", value: "c" });
    assert.deepEqual(no, { kind: "done", output: { result: false }, handle: "false" });
    await rejectsWithCode(run(conditionHandler, {}), "VALIDATION_ERROR");
  });
});

describe("router handler", () => {
  const config = {
    routes: [
      { name: "big", field: 5000, operator: "greaterThan", value: 1000 },
      { name: "eu", field: "DE", operator: "equals", value: "DE" },
    ],
    defaultRoute: "other",
  };

  it("takes the first matching route in array order", async () => {
    assert.deepEqual(await run(routerHandler, config), { kind: "done", output: { selectedRoute: "big" }, handle: "big" });
    const second = { ...config, routes: [{ ...config.routes[0], field: 10 }, config.routes[1]] };
    assert.deepEqual(await run(routerHandler, second), { kind: "done", output: { selectedRoute: "eu" }, handle: "eu" });
  });

  it("falls back to defaultRoute, or 'default'", async () => {
    const none = { routes: [{ name: "x", field: 1, operator: "equals", value: 2 }] };
    assert.deepEqual(await run(routerHandler, { ...none, defaultRoute: "other" }), { kind: "done", output: { selectedRoute: "other" }, handle: "other" });
    assert.deepEqual(await run(routerHandler, none), { kind: "done", output: { selectedRoute: "default" }, handle: "default" });
  });

  it("lists its handles from the unresolved config; refuses duplicate and 'error' names", async () => {
    assert.deepEqual(routerHandler.handles(config), ["big", "eu", "other"]);
    assert.deepEqual(routerHandler.handles({ routes: [{ name: "a" }] }), ["a", "default"]);
    assert.deepEqual(routerHandler.handles(undefined), ["default"]);
    const dup = routerHandler.configSchema.safeParse({ routes: [config.routes[0], config.routes[0]] });
    assert.equal(dup.success, false);
    assert.match(JSON.stringify(dup.error?.issues), /used twice/);
    assert.equal(routerHandler.configSchema.safeParse({ routes: [{ ...config.routes[0], name: "error" }] }).success, false);
  });
});

describe("variable, output and fail handlers", () => {
  it("variable outputs name and value and sets the variable", async () => {
    assert.deepEqual(await run(variableHandler, { name: "counter", value: 41 }), {
      kind: "done",
      output: { name: "counter", value: 41 },
      variables: { counter: 41 },
    });
    await rejectsWithCode(run(variableHandler, { name: "a.b", value: 1 }), "VALIDATION_ERROR");
  });

  it("output returns its value", async () => {
    assert.deepEqual(doneOutput(await run(outputHandler, { name: "total", value: { n: 42 } })), { value: { n: 42 } });
    assert.deepEqual(doneOutput(await run(outputHandler, { value: null })), { value: null });
  });

  it("fail throws its message with code FAIL or its own, never retryable", async () => {
    const plain = await rejectsWithCode(run(failHandler, { message: "boom" }), "FAIL");
    assert.equal(plain.message, "boom");
    assert.ok(plain instanceof NodeError && !plain.retryable);
    const coded = await rejectsWithCode(run(failHandler, { message: "card declined", code: "DECLINED" }), "DECLINED");
    assert.equal(coded.message, "card declined");
    assert.equal((await rejectsWithCode(run(failHandler, { message: "x", code: "HTTP_503" }), "HTTP_503") as unknown as NodeError).retryable, false);
  });
});

describe("delay handler", () => {
  it("waits and reports the milliseconds, from a number or a duration string", async () => {
    assert.deepEqual(doneOutput(await run(delayHandler, { ms: 5 })), { waitedMs: 5 });
    assert.deepEqual(doneOutput(await run(delayHandler, { ms: "10ms" })), { waitedMs: 10 });
    assert.equal(delayHandler.configSchema.safeParse({ ms: "soon" }).success, false);
    assert.equal(delayHandler.configSchema.safeParse({ ms: "30d" }).success, false);
  });

  it("waits only what is left of its deadline when its attempt started earlier (re-dispatched after a crash)", async () => {
    // Started an hour ago: without the stored start this would wait an hour and the test would time out.
    const late = makeContext({ attemptStartedAt: Date.now() - 60 * 60 * 1000 });
    assert.deepEqual(doneOutput(await run(delayHandler, { ms: "1h" }, late)), { waitedMs: 3_600_000 });
  });

  it("ends promptly on abort: CANCELLED, or the scheduler's NodeError reason", async () => {
    const cancel = new AbortController();
    const pending = run(delayHandler, { ms: "1h" }, makeContext({ signal: cancel.signal }));
    cancel.abort();
    await rejectsWithCode(pending, "CANCELLED");

    const timeout = new AbortController();
    const timing = run(delayHandler, { ms: "1h" }, makeContext({ signal: timeout.signal }));
    timeout.abort(new NodeError("node timed out after 50 ms", "TIMEOUT"));
    assert.equal((await rejectsWithCode(timing, "TIMEOUT")).message, "node timed out after 50 ms");

    const already = new AbortController();
    already.abort();
    await rejectsWithCode(run(delayHandler, { ms: "1h" }, makeContext({ signal: already.signal })), "CANCELLED");
  });
});
