// Run from here and Test this node on both databases: the workflow's current definition from a
// chosen node, the nodes before it completing at once with what they output in the last run.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Db } from "../../lib/db/types";
import { RunServiceError } from "../../lib/runs/errors";
import { runs as runsTable } from "../../lib/db/schema";
import { runFromNode } from "../../lib/runs/rerun";
import { testNode } from "../../lib/runs/test-node";
import { pinnedOutputsOf, setPinnedOutput } from "../../lib/workflows/pins";
import { startWorkflowRun } from "../../lib/runs/service";
import { describeEachDb } from "../support/db";
import { callNode, createUser, createWorkflowRow, edge, getRun, node, setDefinition, startCountingServer, workflow, type CountingServer } from "./helpers";

let server: CountingServer;
before(async () => {
  process.env.FLOWMAESTRO_ALLOW_PRIVATE_HTTP = "1";
  server = await startCountingServer();
});
after(() => server.close());

const conflict = (e: unknown) => e instanceof RunServiceError && e.code === "conflict";
const invalid = (e: unknown) => e instanceof RunServiceError && e.code === "invalid";

describeEachDb("run from here", (getTestDb) => {
  const db = () => getTestDb().handle.db as Db;

  test("the nodes before the chosen one are not run again; it and the nodes after it run with the current definition", async () => {
    const user = await createUser(db());
    const fetchPath = `fetch_${Math.random().toString(36).slice(2, 8)}`;
    const definition = (expression: string) =>
      workflow(
        "from-here",
        [node("t", "trigger"), callNode(fetchPath, server, "{{inputs.n}}"), node("shape", "jsonata", { expression, input: `{{${fetchPath}.data}}` }), node("o", "output", { name: "out", value: "{{shape.result}}" })],
        [edge("t", fetchPath), edge(fetchPath, "shape"), edge("shape", "o")],
      );
    const wf = await createWorkflowRow(db(), user, definition("got * 2"));
    await assert.rejects(runFromNode(db(), { userId: user }, wf, "shape"), conflict, "nothing to reuse before a first run");
    const first = await startWorkflowRun(db(), { userId: user }, wf, { n: 5 }, "api");
    await first.done;
    assert.deepEqual((await getRun(db(), first.run.id)).outputs, { out: 10 });
    assert.equal(server.calls.get(fetchPath), 1);

    // The user fixes the transform, then runs from it: the request is not sent again.
    await setDefinition(db(), wf, definition("got * 3"));
    const fromShape = await runFromNode(db(), { userId: user }, wf, "shape");
    await fromShape.done;
    const run = await getRun(db(), fromShape.run.id);
    assert.equal(run.status, "completed", JSON.stringify(run.error));
    assert.deepEqual(run.outputs, { out: 15 });
    assert.deepEqual(run.inputs, { n: 5 }, "the last run's inputs");
    assert.equal(server.calls.get(fetchPath), 1, "the node before was reused");
    assert.notEqual(run.versionId, first.run.versionId, "the current definition, as a new version");

    // From the request itself: it is sent again.
    const fromFetch = await runFromNode(db(), { userId: user }, wf, fetchPath, { runId: first.run.id });
    await fromFetch.done;
    assert.equal(server.calls.get(fetchPath), 2);
    assert.deepEqual((await getRun(db(), fromFetch.run.id)).outputs, { out: 15 });
  });

  test("unknown nodes, nodes inside a loop, and someone else's workflow are refused", async () => {
    const user = await createUser(db());
    const other = await createUser(db(), "other");
    const wf = await createWorkflowRow(
      db(),
      user,
      workflow("looping", [node("t", "trigger"), node("each", "loop", { mode: "forEach", items: [1, 2] }), node("inner", "output", { value: "{{loop.item}}" }, { parentId: "each" })], [edge("t", "each")]),
    );
    const first = await startWorkflowRun(db(), { userId: user }, wf, {}, "api");
    await first.done;
    await assert.rejects(runFromNode(db(), { userId: user }, wf, "nope"), invalid);
    await assert.rejects(runFromNode(db(), { userId: user }, wf, "inner"), invalid);
    await assert.rejects(runFromNode(db(), { userId: other }, wf, "each"), /No such workflow/);
    const fromLoop = await runFromNode(db(), { userId: user }, wf, "each");
    await fromLoop.done;
    assert.equal((await getRun(db(), fromLoop.run.id)).status, "completed");
  });
});

describeEachDb("test one node", (getTestDb) => {
  const db = () => getTestDb().handle.db as Db;

  test("runs only the node, with the latest run's outputs before it; nothing after it runs, nothing is stored", async () => {
    const user = await createUser(db());
    const before = `before_${Math.random().toString(36).slice(2, 8)}`;
    const after = `after_${Math.random().toString(36).slice(2, 8)}`;
    const definition = (expression: string) =>
      workflow(
        "test-one",
        [node("t", "trigger"), callNode(before, server, "{{inputs.n}}"), node("shape", "jsonata", { expression, input: `{{${before}.data}}` }), callNode(after, server, "{{shape.result}}")],
        [edge("t", before), edge(before, "shape"), edge("shape", after)],
      );
    const wf = await createWorkflowRow(db(), user, definition("got + 1"));
    // No run yet: the node before it runs for real (without inputs: n is missing), and the answer says so.
    const cold = await testNode(db(), { userId: user }, wf, "shape");
    assert.deepEqual({ status: cold.status, code: cold.error?.code, from: cold.from, ran: cold.ran.sort() }, { status: "failed", code: "SCRIPT_ERROR", from: null, ran: [before] });
    const first = await startWorkflowRun(db(), { userId: user }, wf, { n: 4 }, "api");
    await first.done;
    const calls = { before: server.calls.get(before), after: server.calls.get(after) };
    const runsBefore = (await db().select().from(runsTable)).length;

    await setDefinition(db(), wf, definition("got * 10"));
    const tested = await testNode(db(), { userId: user }, wf, "shape");
    assert.equal(tested.status, "completed");
    assert.deepEqual(tested.output, { result: 40 });
    assert.equal(tested.from?.runId, first.run.id);
    assert.deepEqual(tested.from?.reused.sort(), [before, "t"].sort());
    assert.deepEqual(tested.ran, []);
    assert.deepEqual({ before: server.calls.get(before), after: server.calls.get(after) }, calls, "neither the node before nor the one after was called");
    assert.equal((await db().select().from(runsTable)).length, runsBefore, "no run stored");

    await assert.rejects(testNode(db(), { userId: user }, wf, "nowhere"), invalid, "an unknown node is refused");
    await assert.rejects(testNode(db(), { userId: await createUser(db(), "other") }, wf, "shape"), /No such workflow/);
  });
  test("pinned sample data stands for a node's output: before any run, over the last run's; pins stay off versions and runs", async () => {
    const user = await createUser(db());
    const before = `before_${Math.random().toString(36).slice(2, 8)}`;
    const definition = workflow(
      "pinned",
      [node("t", "trigger"), callNode(before, server, "{{inputs.n}}"), node("shape", "jsonata", { expression: "got * 10", input: `{{${before}.data}}` })],
      [edge("t", before), edge(before, "shape")],
    );
    const wf = await createWorkflowRow(db(), user, definition);
    const calls = server.calls.get(before);
    assert.deepEqual(await setPinnedOutput(db(), { userId: user }, wf, before, { data: { got: 2 } }), { ok: true, pins: { [before]: { data: { got: 2 } } } });
    const cold = await testNode(db(), { userId: user }, wf, "shape");
    assert.deepEqual({ status: cold.status, output: cold.output, pinned: cold.pinned, ran: cold.ran, from: cold.from }, { status: "completed", output: { result: 20 }, pinned: [before], ran: [], from: null });
    assert.equal(server.calls.get(before), calls, "the pinned node was not called");

    // A real run ignores the pin; a test after it still prefers the pin to the run's output.
    const run = await startWorkflowRun(db(), { userId: user }, wf, { n: 4 }, "api");
    await run.done;
    assert.deepEqual((await getRun(db(), run.run.id))?.outputs, { shape: { result: 40 } });
    const warm = await testNode(db(), { userId: user }, wf, "shape");
    assert.deepEqual({ output: warm.output, pinned: warm.pinned, reused: warm.from?.reused }, { output: { result: 20 }, pinned: [before], reused: ["t"] });

    // Unpinned: the last run's output again. A pin of a node not in the draft is refused; others' workflows are unknown.
    assert.deepEqual(await setPinnedOutput(db(), { userId: user }, wf, before, undefined), { ok: true, pins: {} });
    assert.deepEqual((await testNode(db(), { userId: user }, wf, "shape")).output, { result: 40 });
    assert.deepEqual(await setPinnedOutput(db(), { userId: user }, wf, "ghost", 1), { ok: false, error: 'No node "ghost" in the saved draft (wait until it is saved)' });
    assert.equal(await setPinnedOutput(db(), { userId: await createUser(db(), "other") }, wf, before, 1), null);
    assert.equal(await pinnedOutputsOf(db(), { userId: await createUser(db(), "third") }, wf), null);
  });
});
