// Values are made storable at the engine's boundary: PostgreSQL's jsonb refuses NUL and lone
// surrogates, and a checkpoint failing on content would fail again after every recovery.
import assert from "node:assert/strict";
import { test } from "node:test";
import { MAX_DEPTH, REPLACEMENT, storable, storableText } from "../../lib/engine/state/storable";
import { startRun } from "../../lib/engine";
import { plan, wf } from "./helpers";

test("NUL and lone surrogates are replaced visibly, in strings and keys; pairs stay", () => {
  assert.equal(storableText("a\u0000b"), `a${REPLACEMENT}b`);
  assert.equal(storableText("x\uD800y"), `x${REPLACEMENT}y`);
  assert.equal(storableText("x\uDC00"), `x${REPLACEMENT}`);
  assert.equal(storableText("\uD83D\uDE00 ok"), "\uD83D\uDE00 ok", "a surrogate pair is a valid character");
  const value = { "k\u0000": ["\uD800", { deep: "fine" }], plain: 1 };
  assert.deepEqual(storable(value), { [`k${REPLACEMENT}`]: [REPLACEMENT, { deep: "fine" }], plain: 1 });
  assert.deepEqual(Object.keys(value), ["k\u0000", "plain"], "the input is not changed");
});

test("a value that needs no change is returned as is (no copy)", () => {
  const value = { a: [1, "two", { three: true }], b: null };
  assert.equal(storable(value), value);
});

test("nesting deeper than the limit is cut with a marker", () => {
  let deep: unknown = "bottom";
  for (let i = 0; i < MAX_DEPTH + 10; i++) deep = [deep];
  let out = storable(deep) as unknown;
  let depth = 0;
  while (Array.isArray(out)) {
    out = out[0];
    depth++;
  }
  assert.equal(depth, MAX_DEPTH);
  assert.match(String(out), /cut: nested deeper than/);
});

test("a node's output with NUL reaches the state and the events storable", async () => {
  const p = plan(wf([{ id: "t", type: "trigger" }, { id: "v", type: "value", config: { value: "nul\u0000here" } }], ["t->v"]));
  const events: unknown[] = [];
  const { state, result } = await startRun({ plan: p, hooks: { onEvent: (e) => events.push(e) } });
  assert.equal(result.status, "completed");
  assert.ok(!JSON.stringify(state).includes("\\u0000"), "no NUL in the state");
  assert.ok(JSON.stringify(events).includes(`nul${REPLACEMENT}here`), "the replacement shows in the completed event");
});
