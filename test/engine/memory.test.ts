import assert from "node:assert/strict";
import { test } from "node:test";
import { capOutput, type RunState } from "../../lib/engine/index";
import { estimateSize } from "../../lib/engine/state/capping";
import { run, wf } from "./helpers";

test("capOutput: small values pass unchanged; long strings and arrays are cut with a visible marker", () => {
  const small = { a: [1, 2, 3] };
  assert.equal(capOutput(small, 1000), small);
  const cutString = capOutput({ text: "x".repeat(5000) }, 1000) as { text: string };
  assert.ok(cutString.text.length < 1000);
  assert.match(cutString.text, /…\[truncated \d+ characters\]$/);
  const cutArray = capOutput(Array.from({ length: 1000 }, (_, i) => i), 200) as unknown[];
  assert.match(String(cutArray[cutArray.length - 1]), /…\[truncated \d+ more items\]/);
  assert.ok(estimateSize(cutArray) <= 260);
});

test("a node output over the cap is stored and recorded truncated", async () => {
  const { result } = await run(wf([{ id: "t", type: "trigger" }, { id: "b", type: "big", config: { size: 50_000 } }], ["t->b"]), { options: { outputCapBytes: 4096 } });
  const text = (result.nodes.b.output as { text: string }).text;
  assert.ok(text.length <= 4096);
  assert.match(text, /truncated/);
});

test("kept outputs are dropped once no node that may still run reads them", async () => {
  const kept: string[][] = [];
  await run(
    wf(
      [
        { id: "t", type: "trigger" },
        { id: "a", type: "value", config: { value: 1 } },
        { id: "b", type: "value", config: { value: "{{a.value}}" } },
        { id: "c", type: "value", config: { value: "{{b.value}}" } },
        { id: "d", type: "value", config: { value: "{{b.value}}" } },
      ],
      ["t->a", "a->b", "b->c", "c->d"],
    ),
    { hooks: { onCheckpoint: (state: RunState) => void kept.push(Object.keys(state.frames[""].outputs).sort()) } },
  );
  // After a: {a}; after b: a released, b kept (c and d read it); after c: b still read by d; after d: nothing.
  assert.deepEqual(kept.slice(0, 5), [[], ["a"], ["b"], ["b"], []]);
});

test("a skipped reader releases what it would have read", async () => {
  let last: RunState | undefined;
  await run(
    wf(
      [
        { id: "t", type: "trigger" },
        { id: "a", type: "value", config: { value: 1, handles: ["x", "y"], handle: "x" } },
        { id: "onY", type: "value", config: { value: "{{a.value}}" } },
      ],
      ["t->a", "a-y->onY"],
    ),
    { hooks: { onCheckpoint: (state: RunState) => void (last = state) } },
  );
  assert.deepEqual(last!.frames[""].outputs, {});
});

test("long loops keep no per-iteration body outputs; results stay within the cap", async () => {
  let peakFrames = 0;
  let peakKept = 0;
  const { result, state } = await run(
    wf(
      [
        { id: "t", type: "trigger" },
        { id: "L", type: "loop", config: { mode: "count", count: 2000 } },
        { id: "big", type: "big", parentId: "L", config: { size: 100_000 } },
        { id: "small", type: "value", parentId: "L", config: { value: "{{big.text}}" } },
      ],
      ["t->L", "big->small"],
    ),
    {
      options: { outputCapBytes: 256 * 1024 },
      hooks: {
        onCheckpoint: (s: RunState) => {
          peakFrames = Math.max(peakFrames, Object.keys(s.frames).length);
          peakKept = Math.max(peakKept, ...Object.values(s.frames).map((f) => estimateSize(f.outputs)));
        },
      },
    },
  );
  assert.equal(result.status, "completed");
  assert.equal(peakFrames, 2, "the top level and the current iteration only");
  assert.ok(peakKept < 2 * 256 * 1024, `kept outputs peaked at ${peakKept}`);
  assert.deepEqual(Object.keys(state.frames), [""]);
  const output = result.nodes.L.output as { results: unknown[]; count: number };
  assert.equal(output.count, 2000);
  assert.match(String(output.results[output.results.length - 1]), /truncated \d+ more items/);
  assert.ok(estimateSize(output) <= 256 * 1024);
  const loopState = state.frames[""].nodes.L.container!;
  assert.ok(loopState.resultBytes <= 256 * 1024);
});

test("parallel results are capped keeping the lowest indexes, whatever the finishing order", async () => {
  const { result } = await run(
    wf(
      [
        { id: "t", type: "trigger" },
        { id: "P", type: "parallel", config: { mode: "count", count: 20, maxConcurrency: 20 } },
        { id: "b", type: "big", parentId: "P", config: { size: 1000 } },
      ],
      ["t->P"],
    ),
    { options: { outputCapBytes: 5000 } },
  );
  const results = (result.nodes.P.output as { results: unknown[] }).results;
  assert.deepEqual(results[0], { text: "x".repeat(1000) });
  assert.match(String(results[results.length - 1]), /truncated \d+ more items/);
  assert.ok(results.length < 20);
});
