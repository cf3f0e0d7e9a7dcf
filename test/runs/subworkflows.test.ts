// Sub-workflows in the app (spec 4.1) on both databases, through the run service, the real
// engine and the real store: a `workflow` node runs another of the owner's workflows as a linked
// child run, waits for it on a waitpoint its end answers, and goes on (or fails with its error).
import assert from "node:assert/strict";
import { test } from "node:test";
import { and, eq } from "drizzle-orm";
import { runs, waitpoints } from "../../lib/db/schema";
import type { Db } from "../../lib/db/types";
import type { RunResult } from "../../lib/engine";
import { RunServiceError } from "../../lib/runs/errors";
import { cancelRunById, getRunResult, resumeRunById, startWorkflowRun } from "../../lib/runs/service";
import { createAppWorkflowHost } from "../../lib/runs/subworkflows";
import { childWaits } from "../../lib/approvals/child-waits";
import { describeEachDb } from "../support/db";
import { createUser, createWorkflowRow, edge, getRun, isNodeEvent, node, setDefinition, waitForEvent, workflow } from "./helpers";

const greeter = workflow(
  "Greeter",
  [node("t", "trigger"), node("greet", "jsonata", { expression: "'Hello, ' & inputs.name" }), node("out", "output", { name: "greeting", value: "{{greet.result}}" })],
  [edge("t", "greet"), edge("greet", "out")],
  { inputs: { type: "object", required: ["name"], properties: { name: { type: "string" } } } },
);
const failing = workflow("Failing", [node("t", "trigger"), node("boom", "fail", { message: "card declined for {{inputs.who}}", code: "DECLINED" })], [edge("t", "boom")]);
const signOff = workflow("Sign-off", [node("t", "trigger"), node("ok", "approval", { message: "ship it?" }), node("out", "output", { name: "shipped", value: "{{ok.decision}}" })], [edge("t", "ok"), edge("ok", "out", "approved")]);

/** A parent that calls `child` from node `call` (error port on) and outputs what came back or the error. */
const caller = (child: string, config: Record<string, unknown> = {}) =>
  workflow(
    "Caller",
    [node("t", "trigger"), node("call", "workflow", { workflow: child, ...config }, { errorPort: true }), node("out", "output", { name: "got", value: "{{call}}" }), node("handled", "output", { name: "error", value: "{{call.error}}" })],
    [edge("t", "call"), edge("call", "out"), edge("call", "handled", "error")],
  );

const finished = (db: Db, runId: string) => waitForEvent(db, runId, (e) => e.type === "run.finished");

async function resultOf(db: Db, user: string, runId: string): Promise<RunResult> {
  const { result } = await getRunResult(db, { userId: user }, runId);
  assert.ok(result, `a result for ${runId}`);
  return result;
}

describeEachDb("sub-workflows in the app", (getTestDb) => {
  const db = () => getTestDb().handle.db as Db;

  test("a waited-for child runs as a linked run; its outputs become the node's output", async () => {
    const user = await createUser(db());
    const child = await createWorkflowRow(db(), user, greeter);
    const parent = await createWorkflowRow(db(), user, caller(child, { inputs: { name: "{{inputs.who}}" } }));
    const started = await startWorkflowRun(db(), { userId: user }, parent, { who: "Ada" }, "api");
    await finished(db(), started.run.id);
    const result = await resultOf(db(), user, started.run.id);
    assert.equal(result.status, "completed");
    const got = result.outputs.got as { runId: string; status: string; outputs: unknown };
    assert.deepEqual({ status: got.status, outputs: got.outputs }, { status: "completed", outputs: { greeting: "Hello, Ada" } });
    const childRun = await getRun(db(), got.runId);
    assert.deepEqual(
      { trigger: childRun.trigger, parentRunId: childRun.parentRunId, parentNodeId: childRun.parentNodeId, callDepth: childRun.callDepth, status: childRun.status, workflowId: childRun.workflowId },
      { trigger: "workflow", parentRunId: started.run.id, parentNodeId: "call", callDepth: 1, status: "completed", workflowId: child },
    );
    const [wp] = await db().select().from(waitpoints).where(and(eq(waitpoints.runId, started.run.id), eq(waitpoints.kind, "workflow")));
    assert.equal(wp.status, "decided", "the parent waited on a waitpoint the child's end answered");
    assert.ok(wp.appliedAt, "and took the answer in");
  });

  test("inputs that don't fit, or a workflow that is not yours, fail the node with VALIDATION_ERROR and start nothing", async () => {
    const user = await createUser(db());
    const stranger = await createUser(db(), "stranger");
    const child = await createWorkflowRow(db(), user, greeter);
    const theirs = await createWorkflowRow(db(), stranger, greeter);
    for (const [target, inputs, message] of [[child, { name: 42 }, /inputs don't fit "Greeter"/], [theirs, { name: "x" }, /no workflow ".*" in this workspace/]] as const) {
      const parent = await createWorkflowRow(db(), user, caller(target, { inputs }));
      const started = await startWorkflowRun(db(), { userId: user }, parent, {}, "api");
      await started.done;
      const result = await resultOf(db(), user, started.run.id);
      assert.equal(result.status, "completed");
      assert.equal(result.nodes.call.error?.code, "VALIDATION_ERROR");
      assert.match(result.nodes.call.error?.message ?? "", message);
      assert.equal((await db().select().from(runs).where(eq(runs.parentRunId, started.run.id))).length, 0, "no child run");
    }
  });

  test("a failed child fails the node with CHILD_FAILED and its message, routed down the error port", async () => {
    const user = await createUser(db());
    const child = await createWorkflowRow(db(), user, failing);
    const parent = await createWorkflowRow(db(), user, caller(child, { inputs: { who: "Bob" } }));
    const started = await startWorkflowRun(db(), { userId: user }, parent, {}, "api");
    await finished(db(), started.run.id);
    const result = await resultOf(db(), user, started.run.id);
    assert.equal(result.status, "completed");
    assert.equal(result.nodes.call.errorRouted, true);
    assert.equal(result.nodes.call.error?.code, "CHILD_FAILED");
    assert.match(result.nodes.call.error?.message ?? "", /DECLINED: card declined for Bob/);
  });

  test("wait: false goes on at once with the child's run id; the child still runs to its end", async () => {
    const user = await createUser(db());
    const child = await createWorkflowRow(db(), user, greeter);
    const parent = await createWorkflowRow(db(), user, caller(child, { inputs: { name: "Cy" }, wait: false }));
    const started = await startWorkflowRun(db(), { userId: user }, parent, {}, "api");
    await started.done;
    const result = await resultOf(db(), user, started.run.id);
    const got = result.outputs.got as { runId: string; status: string };
    assert.equal(got.status, "started");
    await finished(db(), got.runId);
    assert.deepEqual((await resultOf(db(), user, got.runId)).outputs, { greeting: "Hello, Cy" });
  });

  test("a child waiting for approval pauses its parent; the parent's waitpoint only answers to the child; approving the child finishes both", async () => {
    const user = await createUser(db());
    const child = await createWorkflowRow(db(), user, signOff);
    const parent = await createWorkflowRow(db(), user, caller(child));
    const started = await startWorkflowRun(db(), { userId: user }, parent, {}, "api");
    const parentId = started.run.id;
    const [wp] = await waitForWorkflowWaitpoint(db(), parentId);
    const childId = (wp.details as { childRunId: string }).childRunId;
    await waitForEvent(db(), childId, (e) => e.type === "run.paused");
    await waitForEvent(db(), parentId, (e) => e.type === "run.paused");
    assert.equal((await getRun(db(), parentId)).status, "paused");
    await assert.rejects(resumeRunById(db(), { userId: user }, parentId, { nodeId: "call" }, { status: "completed", runId: childId, outputs: { fake: true } }), (error: unknown) => error instanceof RunServiceError && error.code === "conflict");

    await resumeRunById(db(), { userId: user }, childId, { nodeId: "ok" }, { decision: "approved" });
    await finished(db(), parentId);
    const result = await resultOf(db(), user, parentId);
    assert.equal(result.status, "completed");
    assert.deepEqual((result.outputs.got as { outputs: unknown }).outputs, { shipped: "approved" });
  });

  test("the node's attempt re-sent after a crash finds the child it started instead of starting another", async () => {
    const { user, child, started, childId } = await parentWaitingForSignOff(db());
    const host = createAppWorkflowHost(db(), await getRun(db(), started.run.id));
    const again = (attempt: number) => host.run({ workflow: child, inputs: {}, wait: true, parent: { runId: started.run.id, nodeId: "call", instance: "call", attempt }, signal: new AbortController().signal });
    assert.deepEqual(await again(1), { runId: childId, status: "running", outputs: {} });
    assert.equal((await db().select().from(runs).where(eq(runs.parentRunId, started.run.id))).length, 1, "still one child");
    assert.notEqual((await again(2)).runId, childId, "a new attempt (a retry) starts a new child");
    await cancelRunById(db(), { userId: user }, started.run.id);
  });

  test("the parent's owner sees the child's approval under the parent's waitpoint; nobody else does", async () => {
    const { user, started, childId } = await parentWaitingForSignOff(db());
    await waitForEvent(db(), childId, (e) => e.type === "run.paused");
    const [parentWait] = await waitForWorkflowWaitpoint(db(), started.run.id);
    const [childWait] = await db().select().from(waitpoints).where(eq(waitpoints.runId, childId));
    assert.deepEqual(await childWaits(db(), { userId: user }, started.run.id), [{ via: parentWait.id, runId: childId, waitpointId: childWait.id, nodeId: "ok", kind: "approval" }]);
    assert.deepEqual(await childWaits(db(), { userId: await createUser(db(), "stranger") }, started.run.id), []);
    await cancelRunById(db(), { userId: user }, started.run.id);
    assert.deepEqual(await childWaits(db(), { userId: user }, started.run.id), [], "a cancelled parent waits for nobody");
  });

  test("cancelling a parent cancels the child it waits for", async () => {
    const { user, started, childId } = await parentWaitingForSignOff(db());
    await waitForEvent(db(), started.run.id, (e) => e.type === "run.paused");
    await cancelRunById(db(), { userId: user }, started.run.id);
    assert.equal((await getRun(db(), started.run.id)).status, "cancelled");
    assert.equal((await getRun(db(), childId)).status, "cancelled");
  });

  test("a workflow that calls itself stops at depth 10 with DEPTH_LIMIT, naming the chain", async () => {
    const user = await createUser(db());
    const id = await createWorkflowRow(db(), user, workflow("Recursive", [node("t", "trigger")], []));
    await setDefinition(db(), id, workflow("Recursive", [node("t", "trigger"), node("again", "workflow", { workflow: id })], [edge("t", "again")]));
    const started = await startWorkflowRun(db(), { userId: user }, id, {}, "api");
    await finished(db(), started.run.id);
    const result = await resultOf(db(), user, started.run.id);
    assert.equal(result.status, "failed");
    assert.equal(result.nodes.again.error?.code, "CHILD_FAILED");
    assert.match(result.error?.message ?? "", /DEPTH_LIMIT: calls nest at most 10 deep: (Recursive → ){11}/);
    const chain = await db().select({ depth: runs.callDepth }).from(runs).where(eq(runs.workflowId, id));
    assert.deepEqual(chain.map((r) => r.depth).sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });
});

/** A parent run whose `call` node waits for a child that waits for approval. */
async function parentWaitingForSignOff(db: Db) {
  const user = await createUser(db);
  const child = await createWorkflowRow(db, user, signOff);
  const parent = await createWorkflowRow(db, user, caller(child));
  const started = await startWorkflowRun(db, { userId: user }, parent, {}, "api");
  const [wp] = await waitForWorkflowWaitpoint(db, started.run.id);
  return { user, child, started, childId: (wp.details as { childRunId: string }).childRunId };
}

/** The parent's `workflow` waitpoint, once its checkpoint stored it (polled on the run's events, no sleep). */
async function waitForWorkflowWaitpoint(db: Db, runId: string) {
  await waitForEvent(db, runId, isNodeEvent("node.paused", "call"));
  return db.select().from(waitpoints).where(and(eq(waitpoints.runId, runId), eq(waitpoints.kind, "workflow")));
}
