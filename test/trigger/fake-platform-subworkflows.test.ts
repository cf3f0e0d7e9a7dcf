// Sub-workflows (spec 4.1) on Trigger.dev, through the SDK against the fake API and its worker
// processes: the parent's `workflow` node task starts the child as a coordinator of its own
// (tasks.trigger from inside a task), the parent sleeps on its wait token, and the child's end
// completes that token. An approval inside the child, and a cancel of the parent, go through the
// app's own paths. An agent's workflow tool starts its child the same way. PostgreSQL only (the tasks
// refuse PGlite).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { and, eq } from "drizzle-orm";
import { submitWithToken } from "../../lib/approvals/decide";
import { runs, waitpoints, workflows } from "../../lib/db/schema";
import { cancelRunById, resumeRun } from "../../lib/runs/service";
import { toolNameOf } from "../../lib/engine/llm/workflow-tool";
import { setSecret } from "../../lib/secrets/store";
import { personalWorkspaceOf } from "../../lib/workspaces/members";
import { approvalFlow, mailedTokens, SAME } from "../approvals/helpers";
import { FakeOpenAI } from "../handlers/llm-server";
import { edge, getRun, node, workflow } from "../runs/helpers";
import { fakePlatformSkip, startFakeTrigger, type FakeTrigger } from "./fake-platform/harness";

const greeter = workflow("greeter", [node("t", "trigger"), node("o", "output", { name: "greeting", value: "Hello, {{inputs.name}}" })], [edge("t", "o")], {
  inputs: { type: "object", required: ["name"], properties: { name: { type: "string" } } },
});

const caller = (childId: string, config: Record<string, unknown> = {}) =>
  workflow(
    "caller",
    [node("t", "trigger"), node("call", "workflow", { workflow: childId, inputs: { name: "{{inputs.who}}" }, ...config }), node("o", "output", { name: "got", value: "{{call}}" })],
    [edge("t", "call"), edge("call", "o")],
  );

describe("sub-workflows on Trigger.dev through the SDK and a fake API", { skip: fakePlatformSkip() }, () => {
  let fake: FakeTrigger;
  before(async () => {
    fake = await startFakeTrigger();
  });
  after(async () => {
    await fake?.close();
  });

  /** Starts `parent(childId)` on the fake for a new owner whose workflow `child` exists. */
  async function startParent(child: { name: string }, parent: (childId: string) => { name: string }, inputs: Record<string, unknown> = { who: "Ada" }) {
    const childId = crypto.randomUUID();
    const started = await fake.start(parent(childId), inputs, (ownerId) => fake.db.insert(workflows).values({ id: childId, ownerId, name: child.name, definition: child }));
    return { ...started, childId };
  }

  const childOf = async (parentRunId: string) => (await fake.db.select().from(runs).where(eq(runs.parentRunId, parentRunId)))[0];

  /** The child's row once its coordinator sleeps on a wait token (its approval), and the parent's does too. */
  async function pausedChild(parentRunId: string, parentTriggerRunId: string) {
    const parent = fake.server.state.run(parentTriggerRunId)!;
    const coordinator = await fake.server.state.until(() =>
      [...fake.server.state.runs.values()].find((r) => r.taskId === parent.taskId && r.id !== parent.id && r.createdAt >= parent.createdAt && r.waitingOn?.startsWith("token:")),
    );
    await fake.waitingOnToken(parentTriggerRunId);
    const child = await childOf(parentRunId);
    assert.equal(child.triggerRunId, coordinator!.id, fake.logs());
    assert.equal(child.status, "paused");
    return child;
  }

  /** The approver approves the child's mailed link: the child completes, then the parent's coordinator ends. */
  async function approveAndEnd(runId: string, triggerRunId: string, childId: string) {
    const links = await mailedTokens(fake.db, childId);
    const decided = await submitWithToken(fake.db, { token: links.get("ops@example.test")!, decision: "approved", values: {}, ...SAME }, resumeRun);
    assert.ok(decided.ok, JSON.stringify(decided));
    assert.equal((await fake.ended(triggerRunId)).status, "COMPLETED", fake.logs());
    assert.equal((await childOf(runId)).status, "completed");
    return { parent: await getRun(fake.db, runId) };
  }

  test("a waited-for child runs as its own coordinator; its end completes the parent's token and its outputs come back", { timeout: 90_000 }, async () => {
    const { runId, triggerRunId, childId } = await startParent(greeter, (id) => caller(id));
    const ended = await fake.ended(triggerRunId);
    assert.equal(ended.status, "COMPLETED", fake.logs());
    const parent = await getRun(fake.db, runId);
    assert.equal(parent.status, "completed", JSON.stringify(parent.error));
    const child = await childOf(runId);
    assert.deepEqual(
      { runtime: child.runtime, status: child.status, workflowId: child.workflowId, parentNodeId: child.parentNodeId, callDepth: child.callDepth, trigger: child.trigger },
      { runtime: "trigger.dev", status: "completed", workflowId: childId, parentNodeId: "call", callDepth: 1, trigger: "workflow" },
    );
    assert.ok(child.triggerRunId && child.triggerRunId !== triggerRunId, "the child is a coordinator of its own");
    assert.deepEqual(parent.outputs, { got: { runId: child.id, status: "completed", outputs: { greeting: "Hello, Ada" } } });
    // The parent slept on a token, and the child's end completed it.
    const [wp] = await fake.db.select().from(waitpoints).where(and(eq(waitpoints.runId, runId), eq(waitpoints.kind, "workflow")));
    assert.equal(wp.status, "decided");
    assert.ok(wp.triggerTokenId, "the parent waited on a token");
    assert.equal(fake.server.state.tokens.get(wp.triggerTokenId)?.status, "COMPLETED");
    assert.deepEqual(fake.server.state.violations, []);
  });

  test("a child that waits for an approval pauses the parent; the approver's link finishes both", { timeout: 90_000 }, async () => {
    const approving = approvalFlow({ message: "Ship?", approvers: "ops@example.test" });
    const { runId, triggerRunId } = await startParent({ ...approving, name: "approve" }, (id) => caller(id, { inputs: {} }), {});
    const paused = await pausedChild(runId, triggerRunId);
    assert.equal((await getRun(fake.db, runId)).status, "paused");
    const { parent } = await approveAndEnd(runId, triggerRunId, paused.id);
    assert.equal(parent.status, "completed");
    assert.equal((parent.outputs as { got: { status: string } }).got.status, "completed");
  });

  test("cancelling the parent cancels the child it waits for, on the platform and in the rows", { timeout: 90_000 }, async () => {
    const approving = approvalFlow({ message: "Ship?", approvers: "ops@example.test" });
    const { runId, ownerId, triggerRunId } = await startParent({ ...approving, name: "approve" }, (id) => caller(id, { inputs: {} }), {});
    const child = await pausedChild(runId, triggerRunId);
    assert.equal((await cancelRunById(fake.db, { userId: ownerId }, runId)).status, "cancelled");
    assert.equal((await getRun(fake.db, runId)).status, "cancelled");
    assert.equal((await getRun(fake.db, child.id)).status, "cancelled");
    assert.equal(fake.server.state.run(child.triggerRunId!)?.status, "CANCELED");
  });

  test("an agent's workflow tool: its call is a child coordinator of its own, waited for by the agent's task; the model gets its outputs", { timeout: 90_000 }, async () => {
    // The model is a local OpenAI-compatible server; the agent's node task calls it from a worker process.
    const llm = await new FakeOpenAI().start();
    try {
      const concierge = (childId: string) =>
        workflow(
          "concierge",
          [node("t", "trigger"), node("ask", "agent", { model: "gpt-4o-mini", baseUrl: llm.url, prompt: "Greet Ada", tools: [{ kind: "workflow", workflow: childId }] }), node("o", "output", { name: "answer", value: "{{ask.text}}" })],
          [edge("t", "ask"), edge("ask", "o")],
        );
      const childId = crypto.randomUUID();
      llm.queue({ kind: "tool_calls", calls: [{ id: "call_1", name: toolNameOf("greeter", childId), arguments: { name: "Ada" } }] }, { kind: "stream", chunks: ["Ada was greeted."] });
      const { runId, triggerRunId } = await fake.start(concierge(childId), {}, async (ownerId) => {
        await fake.db.insert(workflows).values({ id: childId, ownerId, name: "greeter", definition: greeter });
        await setSecret(fake.db, await personalWorkspaceOf(fake.db, ownerId), ownerId, "OPENAI_API_KEY", "sk-test");
      });
      const ended = await fake.ended(triggerRunId);
      assert.equal(ended.status, "COMPLETED", fake.logs());
      const parent = await getRun(fake.db, runId);
      assert.equal(parent.status, "completed", JSON.stringify(parent.error));
      assert.deepEqual(parent.outputs, { answer: "Ada was greeted." });
      const child = await childOf(runId);
      assert.deepEqual([child.runtime, child.status, child.parentNodeId, child.outputs], ["trigger.dev", "completed", "ask", { greeting: "Hello, Ada" }]);
      assert.ok(child.triggerRunId && child.triggerRunId !== triggerRunId, "the child is a coordinator of its own");
      const steps = (parent.result as { nodes: { ask: { output: { steps: { runId?: string; output?: unknown }[] } } } }).nodes.ask.output.steps;
      assert.deepEqual(steps, [{ tool: toolNameOf("greeter", childId), input: { name: "Ada" }, output: { runId: child.id, outputs: { greeting: "Hello, Ada" } }, runId: child.id }]);
      // The tool's result went back to the model with the next call.
      assert.match(JSON.stringify(llm.requests.at(-1)?.body), /Hello, Ada/);
      assert.deepEqual(fake.server.state.violations, []);
    } finally {
      llm.stop();
    }
  });

  test("an agent whose workflow tool waits for an approval pauses on the child; the approver's link sends the agent on", { timeout: 90_000 }, async () => {
    const llm = await new FakeOpenAI().start();
    try {
      const approving = { ...approvalFlow({ message: "Ship?", approvers: "ops@example.test" }), name: "approve" };
      const childId = crypto.randomUUID();
      const agentFlow = workflow(
        "shipper",
        [node("t", "trigger"), node("ask", "agent", { model: "gpt-4o-mini", baseUrl: llm.url, prompt: "Ship it once approved", tools: [{ kind: "workflow", workflow: childId }] }), node("o", "output", { name: "answer", value: "{{ask.text}}" })],
        [edge("t", "ask"), edge("ask", "o")],
      );
      llm.queue({ kind: "tool_calls", calls: [{ id: "call_s", name: toolNameOf("approve", childId), arguments: {} }] }, { kind: "stream", chunks: ["Shipped."] });
      const { runId, triggerRunId } = await fake.start(agentFlow, {}, async (ownerId) => {
        await fake.db.insert(workflows).values({ id: childId, ownerId, name: "approve", definition: approving });
        await setSecret(fake.db, await personalWorkspaceOf(fake.db, ownerId), ownerId, "OPENAI_API_KEY", "sk-test");
      });
      const paused = await pausedChild(runId, triggerRunId);
      assert.equal((await getRun(fake.db, runId)).status, "paused");
      assert.equal(llm.requests.length, 1, "one model call, then the wait");
      const { parent } = await approveAndEnd(runId, triggerRunId, paused.id);
      assert.deepEqual(parent.outputs, { answer: "Shipped." });
      assert.equal(llm.requests.length, 2, "the agent went on from its next model call");
      // The child's outputs went back as the call's result (the prompt says "approved" too: read the tool message).
      const told = (llm.requests[1]!.body.messages as { role: string; tool_call_id?: string; content: unknown }[]).find((m) => m.role === "tool" && m.tool_call_id === "call_s");
      assert.equal((JSON.parse(String(told?.content)) as { outputs: { result: { decision: string } } }).outputs.result.decision, "approved");
      assert.deepEqual(fake.server.state.violations, []);
    } finally {
      llm.stop();
    }
  });
});
