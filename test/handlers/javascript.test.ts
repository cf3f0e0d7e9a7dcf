import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { javascriptHandler } from "../../lib/engine/handlers/javascript";
import { sandboxPool } from "../../lib/engine/sandbox/pool";
import { doneOutput, makeContext, rejectsWithCode, run } from "./helpers";

// A roomy time limit: a loaded machine must not turn a quick script into a TIMEOUT (the loop tests set their own).
const fast = { scriptTimeoutMs: 5_000, scriptMemoryBytes: 16 * 1024 * 1024 };
const js = async (code: string, input?: unknown, scope: Record<string, unknown> = {}) =>
  (doneOutput(await run(javascriptHandler, input === undefined ? { code } : { code, input }, makeContext({ scope, options: fast }))) as { result: unknown })
    .result;
const jsFails = (code: string, codeExpected: string, scope: Record<string, unknown> = {}, options = fast) =>
  rejectsWithCode(run(javascriptHandler, { code }, makeContext({ scope, options })), codeExpected);

describe("javascript handler", () => {
  it("gets data from input and context from the scope; code is a raw field", async () => {
    assert.deepEqual(javascriptHandler.rawFields, ["code"]);
    assert.equal(await js("return data.a + data.b", { a: 2, b: 40 }), 42);
    assert.equal(await js("return data + 1", 41), 42);
    const scope = { inputs: { name: "Ada" }, fetch1: { data: [1, 2, 3] } };
    assert.equal(await js("return data.inputs.name + ':' + context.fetch1.data.length", undefined, scope), "Ada:3");
    assert.equal(await js("return context.inputs.name", { other: true }, scope), "Ada");
  });

  it("keeps context read-only (a deep-frozen copy) and leaves the host's scope alone", async () => {
    const scope = { inputs: { nested: { n: 1 } } };
    await jsFails("'use strict'; context.inputs.nested.n = 2; return 1", "SCRIPT_ERROR", scope);
    assert.equal(await js("context.inputs.nested.n = 2; return context.inputs.nested.n", undefined, scope), 1);
    assert.equal(await js("data.inputs.nested.n = 5; return data.inputs.nested.n", undefined, scope), 5);
    assert.equal(scope.inputs.nested.n, 1);
  });

  it("returns JSON: undefined becomes null, dates become strings, BigInt is refused", async () => {
    assert.equal(await js("return undefined"), null);
    assert.equal(await js("data.x = 1"), null);
    assert.deepEqual(await js("return { d: new Date(0), f() {}, u: undefined, a: [1, undefined] }"), { d: "1970-01-01T00:00:00.000Z", a: [1, null] });
    const error = await jsFails("return 10n", "SCRIPT_ERROR");
    assert.match(error.message, /JSON-serializable/);
  });

  it("reports thrown errors and syntax errors as SCRIPT_ERROR with the message", async () => {
    assert.equal((await jsFails("throw new Error('card declined')", "SCRIPT_ERROR")).message, "card declined");
    assert.match((await jsFails("return data.missing.deeper", "SCRIPT_ERROR")).message, /TypeError/);
    assert.match((await jsFails("return )", "SCRIPT_ERROR")).message, /SyntaxError/);
    assert.equal((await jsFails("throw 'plain'", "SCRIPT_ERROR")).message, "plain");
  });

  it("supports return await of promises; a promise that never settles fails clearly", async () => {
    assert.equal(await js("const v = await Promise.resolve(20); return await new Promise((r) => r(v + 22))"), 42);
    assert.equal(await js("return Promise.all([1, Promise.resolve(2)]).then((xs) => xs[0] + xs[1])"), 3);
    assert.match((await jsFails("return await new Promise(() => {})", "SCRIPT_ERROR")).message, /never settles/);
  });
});

describe("javascript sandbox escapes", () => {
  it("has no process, require, fetch, timers, modules or host globals", async () => {
    assert.equal(await js("return typeof process === 'undefined' && typeof require === 'undefined' ? 'sandboxed' : 'exposed'"), "sandboxed");
    await jsFails("return require('fs').readdirSync('/')", "SCRIPT_ERROR");
    const globals = (await js("return Object.getOwnPropertyNames(globalThis)")) as string[];
    for (const name of ["process", "require", "module", "fetch", "setTimeout", "setInterval", "XMLHttpRequest", "Buffer", "std", "os", "WebAssembly"]) {
      assert.ok(!globals.includes(name), `${name} must not exist inside the sandbox`);
    }
    await jsFails("return await import('fs')", "SCRIPT_ERROR");
  });

  it("constructor tricks reach only the sandbox's own Function", async () => {
    const viaThis = await jsFails("return this.constructor.constructor('return process')()", "SCRIPT_ERROR");
    assert.match(viaThis.message, /process/);
    await jsFails("return data.constructor.constructor('return process')().env", "SCRIPT_ERROR");
    await jsFails("return context.constructor.constructor('return require')()('child_process')", "SCRIPT_ERROR");
    await jsFails("return (async () => {}).constructor('return process')().then((p) => p.pid)", "SCRIPT_ERROR");
    await jsFails("return Function.prototype.constructor('return globalThis.process.mainModule')()", "SCRIPT_ERROR");
    assert.equal(await js("const g = Function('return this')(); return typeof g.process + typeof g.require"), "undefinedundefined");
    assert.equal(await js("return typeof Object.getPrototypeOf(function* () {}).constructor('return process')().next"), "function");
  });

  it("pollution inside doesn't reach the host", async () => {
    await js("Object.prototype.polluted = 'yes'; Array.prototype.map = null; JSON.parse = null; return 1");
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(typeof JSON.parse, "function");
    assert.equal(await js("return ({}).polluted ?? 'fresh'"), "fresh", "each execution gets a fresh context");
  });

  it("an infinite loop fails with TIMEOUT, also after an await", async () => {
    const short = { ...fast, scriptTimeoutMs: 200 };
    await jsFails("while (true) {}", "TIMEOUT", {}, short);
    await jsFails("for (;;) { Math.random(); }", "TIMEOUT", {}, short);
    await jsFails("await Promise.resolve(); while (true) {}", "TIMEOUT", {}, short);
  });

  it("huge allocations fail cleanly with MEMORY_LIMIT inside the sandbox process, which keeps working", async () => {
    const codes = [
      "return 'x'.repeat(1e9)",
      "const a = []; while (true) a.push(new Array(1e4).fill(1))",
      "const a = []; while (true) a.push('x'.repeat(1e5) + a.length)",
      "return new ArrayBuffer(2e9)",
      "const a = []; for (let i = 0; i < 1e8; i++) a.push({ i })",
    ];
    // A generous time limit: under load a short one could end a script before its memory runs out.
    const roomy = { ...fast, scriptTimeoutMs: 60_000 };
    const started = sandboxPool().stats().started;
    for (const code of codes) {
      const error = await rejectsWithCode(run(javascriptHandler, { code }, makeContext({ options: roomy })), "MEMORY_LIMIT");
      assert.match(error.message, /memory/, code);
    }
    assert.equal(await js("return [1, 2, 3].map((x) => x * 2).join(',')"), "2,4,6");
    // QuickJS's capped wasm memory stops these inside the process: none of them cost a process.
    assert.equal(sandboxPool().stats().started, started);
  });

  it("deep recursion is a SCRIPT_ERROR, not a host crash", async () => {
    assert.match((await jsFails("function f() { return f() + 1 } return f()", "SCRIPT_ERROR")).message, /stack/i);
    assert.equal(await js("return 'still alive'"), "still alive");
  });
});
