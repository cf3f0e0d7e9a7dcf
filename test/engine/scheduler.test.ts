import assert from "node:assert/strict";
import { test } from "node:test";
import { eventIndex, gates, run, wf } from "./helpers";

test("diamond: the join runs once after both branches; outputs fall back to terminal nodes", async () => {
  const { result, events } = await run(
    wf(
      [
        { id: "t", type: "trigger" },
        { id: "a", type: "value", config: { value: 1 } },
        { id: "b", type: "value", config: { value: 2 } },
        { id: "j", type: "value", config: { value: "{{a.value}}+{{b.value}}" } },
      ],
      ["t->a", "t->b", "a->j", "b->j"],
    ),
  );
  assert.equal(result.status, "completed");
  assert.equal(events.filter((e) => e.type === "node.started" && e.key.nodeId === "j").length, 1);
  assert.deepEqual(result.outputs, { j: { value: "1+2" } });
  assert.equal(result.nodes.j.attempts, 1);
});

test("a branch not selected is skipped, and the skip propagates; a merge with one active input runs", async () => {
  const { result } = await run(
    wf(
      [
        { id: "t", type: "trigger" },
        { id: "c", type: "value", config: { handles: ["true", "false"], handle: "false" } },
        { id: "yes", type: "value" },
        { id: "yes2", type: "value" },
        { id: "no", type: "value", config: { value: "no" } },
        { id: "m", type: "value", config: { value: "{{no.value}}" } },
      ],
      ["t->c", "c-true->yes", "yes->yes2", "c-false->no", "yes2->m", "no->m"],
    ),
  );
  assert.equal(result.status, "completed");
  assert.equal(result.nodes.yes.status, "skipped");
  assert.equal(result.nodes.yes2.status, "skipped");
  assert.equal("output" in result.nodes.yes, false);
  assert.equal(result.nodes.m.status, "completed");
  assert.deepEqual(result.nodes.m.output, { value: "no" });
});

test("other entry nodes are skipped; a webhook run fires only its webhook node", async () => {
  const definition = wf(
    [
      { id: "t", type: "trigger" },
      { id: "w", type: "webhook" },
      { id: "a", type: "value", config: { value: "{{t}}" } },
      { id: "b", type: "value", config: { value: "{{w.body.x}}" } },
    ],
    ["t->a", "w->b"],
  );
  const manual = await run(definition, { inputs: { k: 1 } });
  assert.deepEqual(manual.result.nodes.a.output, { value: { k: 1 } });
  assert.equal(manual.result.nodes.w.status, "skipped");
  assert.equal(manual.result.nodes.b.status, "skipped");
  const hook = await run(definition, { trigger: { kind: "webhook", payload: { body: { x: 7 }, headers: {}, query: {} } } });
  assert.equal(hook.result.nodes.t.status, "skipped");
  assert.deepEqual(hook.result.nodes.b.output, { value: 7 });
});

test("a routed failure activates only error edges; the run completes", async () => {
  const { result } = await run(
    wf(
      [
        { id: "t", type: "trigger" },
        { id: "f", type: "boom", config: { message: "card declined", code: "DECLINED" } },
        { id: "h", type: "value", config: { value: "got {{f.error.message}} ({{f.error.code}})" } },
        { id: "n", type: "value" },
      ],
      ["t->f", "f-error->h", "f->n"],
    ),
  );
  assert.equal(result.status, "completed");
  assert.deepEqual(result.nodes.f.error, { message: "card declined", code: "DECLINED" });
  assert.equal(result.nodes.f.errorRouted, true);
  assert.deepEqual(result.nodes.f.output, { error: { message: "card declined", code: "DECLINED" } });
  assert.equal(result.nodes.n.status, "skipped");
  assert.deepEqual(result.nodes.h.output, { value: "got card declined (DECLINED)" });
});

test("an unrouted failure fails the run; independent branches still finish", async () => {
  const { result } = await run(
    wf(
      [
        { id: "t", type: "trigger" },
        { id: "f", type: "boom" },
        { id: "after", type: "value" },
        { id: "slow", type: "gate", config: { name: "unrouted-slow" } },
        { id: "ok", type: "value", config: { value: "yes" } },
      ],
      ["t->f", "f->after", "t->slow", "slow->ok"],
    ),
    { hooks: { onEvent: (e) => e.type === "node.failed" && gates.open("unrouted-slow") } },
  );
  assert.equal(result.status, "failed");
  assert.deepEqual(result.error, { message: "boom", nodeId: "f" });
  assert.equal(result.nodes.after.status, "skipped");
  assert.equal(result.nodes.ok.status, "completed");
  assert.equal(result.nodes.f.errorRouted, undefined);
});

test("retries: retryable errors are retried up to maxAttempts, attempts reported; others are not", async () => {
  const definition = (failures: number, code: string, maxAttempts: number) =>
    wf(
      [
        { id: "t", type: "trigger" },
        { id: "x", type: "flaky", config: { failures, code }, retry: { maxAttempts, backoffMs: 1 } },
      ],
      ["t->x"],
    );
  const recovered = await run(definition(2, "NETWORK", 3));
  assert.equal(recovered.result.status, "completed");
  assert.equal(recovered.result.nodes.x.attempts, 3);
  assert.deepEqual(recovered.result.nodes.x.output, { attempt: 3 });
  const retrying = recovered.events.filter((e) => e.type === "node.retrying");
  assert.deepEqual(retrying.map((e) => e.type === "node.retrying" && e.delayMs), [1, 2]);

  const exhausted = await run(definition(5, "HTTP_503", 2));
  assert.equal(exhausted.result.status, "failed");
  assert.equal(exhausted.result.nodes.x.attempts, 2);
  assert.equal(exhausted.result.nodes.x.error?.message, "attempt 2 failed");

  const permanent = await run(definition(5, "HTTP_404", 4));
  assert.equal(permanent.result.nodes.x.attempts, 1);
});

test("a per-node timeout aborts the handler and fails with TIMEOUT (routable)", async () => {
  const { result } = await run(
    wf(
      [
        { id: "t", type: "trigger" },
        { id: "h", type: "hang", timeoutMs: 5 },
        { id: "r", type: "value", config: { value: "{{h.error.code}}" } },
      ],
      ["t->h", "h-error->r"],
    ),
  );
  assert.equal(result.status, "completed");
  assert.equal(result.nodes.h.error?.code, "TIMEOUT");
  assert.deepEqual(result.nodes.r.output, { value: "TIMEOUT" });
});

test("a timeout longer than a Node timer holds (30 days, above 2^31-1 ms) does not fire at once", async () => {
  // Node fires a setTimeout above ~24.8 days after 1 ms; the node then failed with TIMEOUT at once.
  const { result } = await run(
    wf(
      [
        { id: "t", type: "trigger" },
        { id: "d", type: "delay", config: { ms: 20 }, timeoutMs: "30d" },
      ],
      ["t->d"],
    ),
  );
  assert.equal(result.status, "completed", JSON.stringify(result.nodes.d.error));
  assert.deepEqual(result.nodes.d.output, { waitedMs: 20 });
});

test("cancellation aborts in-flight nodes and ends the run cancelled", async () => {
  const controller = new AbortController();
  const { result } = await run(
    wf(
      [
        { id: "t", type: "trigger" },
        { id: "h", type: "hang" },
        { id: "after", type: "value" },
      ],
      ["t->h", "h->after"],
    ),
    { signal: controller.signal, hooks: { onEvent: (e) => e.type === "node.started" && e.key.nodeId === "h" && controller.abort() } },
  );
  assert.equal(result.status, "cancelled");
  assert.equal(result.nodes.h.status, "cancelled");
  assert.equal(result.nodes.after.status, "cancelled");
  assert.ok(result.finishedAt);
});

test("dataflow: a fast branch's successor starts before a slow sibling finishes", async () => {
  const { result, events } = await run(
    wf(
      [
        { id: "t", type: "trigger" },
        { id: "slow", type: "gate", config: { name: "dataflow-slow" } },
        { id: "fast", type: "value" },
        { id: "next", type: "value" },
      ],
      ["t->slow", "t->fast", "fast->next"],
    ),
    // The slow node only finishes once `next` has completed: a batch scheduler would wait forever.
    { hooks: { onEvent: (e) => e.type === "node.completed" && e.key.nodeId === "next" && gates.open("dataflow-slow") } },
  );
  assert.equal(result.status, "completed");
  assert.ok(eventIndex(events, "node.started", "next") < eventIndex(events, "node.completed", "slow"));
});

test("the concurrency limit holds: with limit 1 no two nodes run at once", async () => {
  let running = 0;
  let peak = 0;
  const { result } = await run(
    wf(
      [{ id: "t", type: "trigger" }, ...["a", "b", "c", "d"].map((id) => ({ id, type: "value" }))],
      ["t->a", "t->b", "t->c", "t->d"],
    ),
    {
      options: { concurrency: 1 },
      hooks: {
        onEvent: (e) => {
          if (e.type === "node.started") peak = Math.max(peak, ++running);
          if (e.type === "node.completed") running--;
        },
      },
    },
  );
  assert.equal(result.status, "completed");
  assert.equal(peak, 1);
});

test("templates: run inputs, env from the run (never process.env), run id, variables", async () => {
  process.env.FM_TEST_SECRET_FROM_PROCESS = "leak";
  const { result, events } = await run(
    wf(
      [
        { id: "t", type: "trigger" },
        { id: "s", type: "set", config: { name: "counter", value: 5 } },
        { id: "a", type: "value", config: { value: { key: "{{env.KEY}}", proc: "{{env.FM_TEST_SECRET_FROM_PROCESS}}", n: "{{var.counter}}", init: "{{var.label}}", run: "{{run.id}}", email: "{{inputs.email}}" } } },
      ],
      ["t->s", "s->a"],
      { variables: { counter: 0, label: "start" } },
    ),
    { inputs: { email: "a@b.c" }, env: { KEY: "s3cr3t-value" }, runId: "run_fixed" },
  );
  assert.deepEqual(result.nodes.a.output, { value: { key: "s3cr3t-value", proc: null, n: 5, init: "start", run: "run_fixed", email: "a@b.c" } });
  const completed = events.find((e) => e.type === "node.completed" && e.key.nodeId === "a");
  assert.ok(completed && !JSON.stringify(completed).includes("s3cr3t-value"), "secrets are masked in events");
});

test("a config that is invalid once resolved fails the node with VALIDATION_ERROR", async () => {
  const { result } = await run(wf([{ id: "t", type: "trigger" }, { id: "f", type: "flaky", config: { failures: "{{inputs.n}}" } }], ["t->f"]), { inputs: { n: "two" } });
  assert.equal(result.status, "failed");
  assert.equal(result.nodes.f.error?.code, "VALIDATION_ERROR");
  assert.match(result.nodes.f.error!.message, /config\.failures/);
});

test("output nodes: named outputs, the last to complete wins", async () => {
  const { registry } = await import("./helpers");
  const { createRegistry } = await import("../../lib/engine/handlers/registry");
  const { buildPlan, startRun, defineHandler } = await import("../../lib/engine/index");
  const { z } = await import("zod");
  const output = defineHandler({
    type: "output",
    label: "o",
    description: "",
    category: "data",
    configSchema: z.object({ name: z.string().optional(), value: z.unknown() }),
    handles: () => ["source"],
    async execute(config) {
      return { kind: "done", output: { value: config.value } };
    },
  });
  const reg = createRegistry([...registry.list(), output]);
  const built = buildPlan(
    wf(
      [
        { id: "t", type: "trigger" },
        { id: "o1", type: "output", config: { name: "x", value: 1 } },
        { id: "mid", type: "value" },
        { id: "o2", type: "output", config: { name: "x", value: 2 } },
        { id: "o3", type: "output", config: { value: 3 } },
      ],
      ["t->o1", "t->mid", "mid->o2", "t->o3"],
    ),
    reg,
  );
  assert.ok(built.ok);
  const { result } = await startRun({ plan: built.plan, options: { concurrency: 1 } });
  assert.deepEqual(result.outputs, { x: 2, o3: 3 });
});
