import assert from "node:assert/strict";
import { test } from "node:test";
import { gates, run, wf } from "./helpers";

const loopWf = (config: Record<string, unknown>, body: { id: string; type: string; config?: Record<string, unknown> }[], bodyEdges: string[] = [], extra = {}) =>
  wf(
    [{ id: "t", type: "trigger" }, { id: "L", type: "loop", config }, ...body.map((n) => ({ ...n, parentId: "L" })), { id: "after", type: "value", config: { value: "{{L.count}}" } }],
    ["t->L", "L->after", ...bodyEdges],
    extra,
  );

test("forEach: ordered results with loop bindings; a node after the loop reads its output", async () => {
  const { result } = await run(
    loopWf({ mode: "forEach", items: "{{inputs.items}}" }, [
      { id: "b", type: "value", config: { value: { item: "{{loop.item}}", i: "{{loop.index}}", n: "{{loop.iteration}}", total: "{{loop.total}}", first: "{{loop.isFirst}}", last: "{{loop.isLast}}" } } },
    ]),
    { inputs: { items: ["a", "b"] } },
  );
  assert.equal(result.status, "completed");
  assert.deepEqual(result.nodes.L.output, {
    results: [{ value: { item: "a", i: 0, n: 1, total: 2, first: true, last: false } }, { value: { item: "b", i: 1, n: 2, total: 2, first: false, last: true } }],
    count: 2,
  });
  assert.deepEqual(result.nodes.after.output, { value: 2 });
  assert.equal(result.nodes.L.iterations?.length, 2);
  assert.equal(result.nodes.L.iterations?.[1].b.status, "completed");
});

test("count mode: item is the index; several terminal nodes give an object keyed by node id", async () => {
  const { result } = await run(
    loopWf({ mode: "count", count: 2 }, [
      { id: "x", type: "value", config: { value: "{{loop.item}}" } },
      { id: "y", type: "value", config: { value: "{{x.value}}!" } },
      { id: "z", type: "value", config: { value: "z" } },
    ], ["x->y"]),
  );
  assert.deepEqual(result.nodes.L.output, { results: [{ y: { value: "0!" }, z: { value: "z" } }, { y: { value: "1!" }, z: { value: "z" } }], count: 2 });
});

test("while mode: condition checked before each iteration, reads the previous body output (null first), item/total null", async () => {
  const { result } = await run(
    loopWf({ mode: "while", condition: { field: "{{b.value.i}}", operator: "lessThan", value: 2 } }, [
      { id: "b", type: "value", config: { value: { i: "{{loop.index}}", item: "{{loop.item}}", total: "{{loop.total}}", last: "{{loop.isLast}}" } } },
    ]),
  );
  // Before the first iteration {{b.value.i}} is null (< 2 as text ordering "" < "2"): runs i=0,1,2; stops when i=2 was seen.
  assert.equal(result.status, "completed");
  assert.deepEqual(result.nodes.L.output, {
    results: [0, 1, 2].map((i) => ({ value: { i, item: null, total: null, last: false } })),
    count: 3,
  });
});

test("while mode: maxIterations ends the loop normally; variables drive the condition", async () => {
  const ended = await run(loopWf({ mode: "while", condition: "{{var.more}}", maxIterations: 3 }, [{ id: "b", type: "value" }], [], { variables: { more: true } }));
  assert.equal(ended.result.status, "completed");
  assert.equal((ended.result.nodes.L.output as { count: number }).count, 3);
  const stopped = await run(
    loopWf({ mode: "while", condition: "{{var.more}}" }, [{ id: "s", type: "set", config: { name: "more", value: false } }], [], { variables: { more: true } }),
  );
  assert.equal((stopped.result.nodes.L.output as { count: number }).count, 1);
});

test("the hard cap of 10,000 iterations fails with LOOP_LIMIT", async () => {
  const { result } = await run(loopWf({ mode: "count", count: 10_001 }, [{ id: "b", type: "value" }]));
  assert.equal(result.status, "failed");
  assert.equal(result.nodes.L.error?.code, "LOOP_LIMIT");
  const whileLoop = await run(loopWf({ mode: "while", condition: true, maxIterations: 20_000 }, []));
  assert.equal(whileLoop.result.nodes.L.error?.code, "LOOP_LIMIT");
});

test("a failed iteration fails the loop naming the iteration and the inner message; routable", async () => {
  const { result } = await run(
    wf(
      [
        { id: "t", type: "trigger" },
        { id: "L", type: "loop", config: { mode: "forEach", items: [1, 2, 3] } },
        { id: "f", type: "flaky", parentId: "L", config: { failures: "{{loop.item}}", code: "NOPE" } },
        { id: "h", type: "value", config: { value: "{{L.error.message}}" } },
      ],
      ["t->L", "L-error->h"],
    ),
  );
  // item 1 fails on attempt 1 (no retry): iteration 0 fails.
  assert.equal(result.status, "completed");
  assert.equal(result.nodes.L.status, "failed");
  assert.equal(result.nodes.L.error?.code, "NOPE");
  assert.match(result.nodes.L.error!.message, /iteration 0.*attempt 1 failed/);
  assert.equal(result.nodes.L.iterations?.length, 1, "no iteration after the failed one");
});

test("nested containers: {{loop.*}} is the innermost loop; outer bindings stay reachable through parallel", async () => {
  const { result } = await run(
    wf(
      [
        { id: "t", type: "trigger" },
        { id: "outer", type: "loop", config: { mode: "forEach", items: ["a", "b"] } },
        { id: "inner", type: "loop", parentId: "outer", config: { mode: "count", count: 2 } },
        { id: "cell", type: "value", parentId: "inner", config: { value: "{{loop.item}}" } },
        { id: "P", type: "parallel", parentId: "outer", config: { mode: "count", count: 2 } },
        { id: "pb", type: "value", parentId: "P", config: { value: "{{loop.item}}-{{parallel.currentItem}}" } },
      ],
      ["t->outer"],
    ),
  );
  assert.equal(result.status, "completed");
  assert.deepEqual(result.nodes.outer.output, {
    results: ["a", "b"].map((x) => ({
      inner: { results: [{ value: 0 }, { value: 1 }], count: 2 },
      P: { results: [{ value: `${x}-0` }, { value: `${x}-1` }] },
    })),
    count: 2,
  });
  assert.equal(result.nodes.outer.iterations?.[0].inner.iterations?.length, 2);
});

test("parallel: results in branch order whatever the finishing order; bindings; maxConcurrency", async () => {
  let running = 0;
  let peak = 0;
  const { result } = await run(
    wf(
      [
        { id: "t", type: "trigger" },
        { id: "P", type: "parallel", config: { mode: "collection", items: ["a", "b", "c"], maxConcurrency: 2 } },
        { id: "g", type: "value", parentId: "P", config: { value: { item: "{{parallel.currentItem}}", i: "{{parallel.index}}", id: "{{parallel.branchId}}", n: "{{parallel.totalBranches}}" } } },
      ],
      ["t->P"],
    ),
    {
      hooks: {
        onEvent: (e) => {
          if (e.type === "iteration.started") peak = Math.max(peak, ++running);
          if (e.type === "iteration.finished") running--;
        },
      },
    },
  );
  assert.equal(peak, 2);
  assert.deepEqual(
    (result.nodes.P.output as { results: { value: { item: string; i: number } }[] }).results.map((r) => [r.value.item, r.value.i]),
    [["a", 0], ["b", 1], ["c", 2]],
  );
});

test("parallel: branches finishing in reverse order still give results in index order", async () => {
  const { result } = await run(
    wf(
      [
        { id: "t", type: "trigger" },
        { id: "P", type: "parallel", config: { mode: "count", count: 2 } },
        { id: "g", type: "gate", parentId: "P", config: { name: "par-{{parallel.index}}" } },
      ],
      ["t->P"],
    ),
    {
      hooks: {
        onEvent: (e) => {
          // Both branches started: let branch 1 finish first, then branch 0.
          if (e.type === "node.started" && e.key.nodeId === "g" && e.key.path[0].index === 1) gates.open("par-1");
          if (e.type === "node.completed" && e.key.nodeId === "g" && e.key.path[0].index === 1) gates.open("par-0");
        },
      },
    },
  );
  assert.deepEqual(result.nodes.P.output, { results: [{ gate: "par-0" }, { gate: "par-1" }] });
});

test("parallel failure: waits for running branches, starts no new ones, names the lowest failed index", async () => {
  const { result } = await run(
    wf(
      [
        { id: "t", type: "trigger" },
        { id: "P", type: "parallel", config: { mode: "collection", items: [0, 5, 5, 0, 0, 0], maxConcurrency: 3 } },
        { id: "f", type: "flaky", parentId: "P", config: { failures: "{{parallel.currentItem}}", code: "BAD" } },
      ],
      ["t->P"],
    ),
  );
  assert.equal(result.status, "failed");
  assert.equal(result.nodes.P.error?.code, "BAD");
  assert.match(result.nodes.P.error!.message, /^branch 1 failed: attempt 1 failed/);
  // Branch 0 succeeds first and branch 3 takes its slot; then 1 and 2 fail: 4 and 5 never start.
  assert.equal(result.nodes.P.iterations?.length, 4, "branches 4 and 5 never started");
  assert.equal(result.nodes.P.iterations?.[2].f.status, "failed");
  assert.deepEqual(result.error, { message: result.nodes.P.error!.message, nodeId: "P" });
});

test("empty collections complete at once", async () => {
  const { result } = await run(loopWf({ mode: "forEach", items: [] }, [{ id: "b", type: "value" }]));
  assert.deepEqual(result.nodes.L.output, { results: [], count: 0 });
});
