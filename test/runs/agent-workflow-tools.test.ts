// An agent's workflow tools in the app, on both databases, through the run service, the real
// engine and store: each tool call starts a child run of the workspace's workflow, linked to the
// agent's run and node, waited for here; the model gets its outputs. The model is a local
// OpenAI-compatible server answering with tool calls (test/handlers/llm-server.ts).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { getEventListeners } from "node:events";
import { and, eq } from "drizzle-orm";
import { runs, waitpoints } from "../../lib/db/schema";
import { submitWithToken } from "../../lib/approvals/decide";
import { settleActive } from "../../lib/runs/active";
import type { Db } from "../../lib/db/types";
import { toolNameOf } from "../../lib/engine/llm/workflow-tool";
import { cancelRunById, resumeRun, startWorkflowRun } from "../../lib/runs/service";
import { createAppWorkflowHost } from "../../lib/runs/subworkflows";
import { setSecret } from "../../lib/secrets/store";
import { personalWorkspaceOf } from "../../lib/workspaces/members";
import { approvalFlow, mailedTokens, SAME } from "../approvals/helpers";
import { FakeOpenAI } from "../handlers/llm-server";
import { describeEachDb } from "../support/db";
import { createUser, createWorkflowRow, edge, getRun, node, waitForEvent, workflow } from "./helpers";

process.env.FLOWMAESTRO_ALLOW_PRIVATE_HTTP = "1";
let llm: FakeOpenAI;
before(async () => {
  llm = await new FakeOpenAI().start();
});
after(() => llm.stop());

const greeter = workflow(
  "Greet someone",
  [node("t", "trigger"), node("out", "output", { name: "greeting", value: "Hello, {{inputs.name}}!" })],
  [edge("t", "out")],
  { inputs: { type: "object", required: ["name"], properties: { name: { type: "string" } } } },
);

describeEachDb("agent workflow tools in the app", (getTestDb) => {
  const db = () => getTestDb().handle.db as Db;

  test("each tool call is a child run of the agent's run and node; its outputs go back to the model", async () => {
    const user = await createUser(db());
    await setSecret(db(), await personalWorkspaceOf(db(), user), user, "OPENAI_API_KEY", "sk-test");
    const tool = await createWorkflowRow(db(), user, greeter);
    const agent = await createWorkflowRow(
      db(),
      user,
      workflow(
        "Concierge",
        [node("t", "trigger"), node("ask", "agent", { model: "gpt-4o-mini", baseUrl: llm.url, prompt: "Greet Ada and Grace", tools: [{ kind: "workflow", workflow: tool }] }), node("out", "output", { name: "answer", value: "{{ask.text}}" })],
        [edge("t", "ask"), edge("ask", "out")],
      ),
    );
    const name = toolNameOf("Greet someone", tool);
    llm.queue(
      { kind: "tool_calls", calls: [{ id: "call_1", name, arguments: { name: "Ada" } }, { id: "call_2", name, arguments: { name: "Grace" } }] },
      { kind: "stream", chunks: ["Both greeted."] },
    );
    const started = await startWorkflowRun(db(), { userId: user }, agent, {}, "manual");
    await started.done;
    const row = await getRun(db(), started.run.id);
    assert.equal(row.status, "completed", JSON.stringify(row.error));
    const steps = (row.result as { nodes: { ask: { output: { steps: { runId: string; output: { outputs: unknown } }[] } } } }).nodes.ask.output.steps;
    assert.deepEqual(steps.map((s) => s.output.outputs), [{ greeting: "Hello, Ada!" }, { greeting: "Hello, Grace!" }]);
    const children = await db().select({ id: runs.id, status: runs.status, parentNodeId: runs.parentNodeId, workflowId: runs.workflowId, outputs: runs.outputs }).from(runs).where(eq(runs.parentRunId, started.run.id));
    assert.deepEqual(children.map((c) => c.id).sort(), steps.map((s) => s.runId).sort(), "each step links its own child run");
    for (const child of children) assert.deepEqual([child.status, child.parentNodeId, child.workflowId], ["completed", "ask", tool]);
  });

  // An agent makes many calls on one signal (its node's): waiting for each child must not leave a
  // listener behind on it, or Node warns of a leak past 10 and they pile up for the node's life.
  test("waiting here for many children leaves no listener on the caller's signal", async () => {
    const user = await createUser(db());
    const tool = await createWorkflowRow(db(), user, greeter);
    const parentId = await createWorkflowRow(db(), user, workflow("Parent", [node("t", "trigger")], []));
    const started = await startWorkflowRun(db(), { userId: user }, parentId, {}, "manual");
    await started.done;
    const host = createAppWorkflowHost(db(), await getRun(db(), started.run.id));
    const signal = new AbortController().signal;
    for (let call = 0; call < 12; call++) {
      const child = await host.run({ workflow: tool, inputs: { name: `n${call}` }, wait: true, waitInProcess: true, parent: { runId: started.run.id, nodeId: "t", instance: "t", attempt: 1, call: `c${call}` }, signal });
      assert.deepEqual([child.status, child.outputs], ["completed", { greeting: `Hello, n${call}!` }]);
    }
    assert.equal(getEventListeners(signal, "abort").length, 0);
  });

  // An approval inside a tool's workflow: the agent's node pauses on the child run, durably (the
  // conversation is in its waitpoint, nothing waits in memory), and the approver's link ends the
  // child, which sends the agent on from its next model call with the child's outputs as the result.
  test("a tool's workflow that waits for an approval pauses the agent; the approval sends it on with the child's outputs", async () => {
    const user = await createUser(db());
    await setSecret(db(), await personalWorkspaceOf(db(), user), user, "OPENAI_API_KEY", "sk-test");
    const inputs = { type: "object", required: ["amount"], properties: { amount: { type: "number" } } };
    const refund = await createWorkflowRow(db(), user, { ...approvalFlow({ message: "Refund {{inputs.amount}} EUR?", approvers: "ops@example.test" }), name: "Approve a refund", inputs } as { name: string });
    const agent = await createWorkflowRow(
      db(),
      user,
      workflow(
        "Support agent",
        [node("t", "trigger"), node("ask", "agent", { model: "gpt-4o-mini", baseUrl: llm.url, prompt: "Refund 40 EUR to Ada", tools: [{ kind: "workflow", workflow: refund }] }), node("out", "output", { name: "answer", value: "{{ask.text}}" })],
        [edge("t", "ask"), edge("ask", "out")],
      ),
    );
    const name = toolNameOf("Approve a refund", refund);
    llm.queue({ kind: "tool_calls", calls: [{ id: "call_r", name, arguments: { amount: 40 } }] }, { kind: "stream", chunks: ["The refund was approved."] });
    const seen = llm.requests.length;
    const started = await startWorkflowRun(db(), { userId: user }, agent, {}, "manual");
    await started.done;
    const paused = await getRun(db(), started.run.id);
    assert.equal(paused.status, "paused", JSON.stringify(paused.error));
    assert.equal(llm.requests.length, seen + 1, "one model call, then the wait");
    const [child] = await db().select().from(runs).where(eq(runs.parentRunId, started.run.id));
    assert.deepEqual([child.status, child.parentNodeId, child.workflowId], ["paused", "ask", refund]);
    const [wait] = await db().select().from(waitpoints).where(and(eq(waitpoints.runId, started.run.id), eq(waitpoints.status, "open")));
    assert.deepEqual([wait.kind, wait.nodeId, (wait.details as { childRunId: string }).childRunId], ["workflow", "ask", child.id]);

    // The approver answers from the mailed link, as a stranger to the app.
    const token = (await mailedTokens(db(), child.id)).get("ops@example.test")!;
    assert.ok((await submitWithToken(db(), { token, decision: "approved", values: {}, ...SAME }, resumeRun)).ok);
    await waitForEvent(db(), started.run.id, (e) => e.type === "run.finished");
    await settleActive(); // the run row is sealed just after its last event
    const row = await getRun(db(), started.run.id);
    assert.deepEqual(row.outputs, { answer: "The refund was approved." });
    assert.equal(llm.requests.length, seen + 2, "the agent went on with one more model call, not from the start");
    // The model read the child's outputs as the call's result, after its own call in the conversation.
    const messages = (llm.requests.at(-1)!.body as { messages: { role: string; content: unknown; tool_call_id?: string }[] }).messages;
    const result = messages.find((m) => m.role === "tool" && m.tool_call_id === "call_r");
    const told = JSON.parse(String(result?.content)) as { runId: string; outputs: { result: { decision: string } } };
    assert.deepEqual([told.runId, told.outputs.result.decision], [child.id, "approved"]);
    assert.equal(messages.filter((m) => m.role === "user").length, 1, "the task once: the conversation went on, it did not start again");
    const steps = (row.result as { nodes: { ask: { output: { steps: { tool: string; runId?: string; waiting?: true; output?: unknown }[]; modelCalls: number } } } }).nodes.ask.output;
    assert.equal(steps.modelCalls, 2);
    assert.deepEqual(steps.steps.map((s) => [s.tool, s.runId, s.waiting]), [[name, child.id, undefined]]);
    assert.equal((await getRun(db(), child.id)).status, "completed");
  });

  /** An agent whose one model call asks two approvals at once (two calls of the "Approve a refund" tool); `answer`: its final one, if it gets there. */
  async function twoWaits(answer?: string) {
    const user = await createUser(db());
    await setSecret(db(), await personalWorkspaceOf(db(), user), user, "OPENAI_API_KEY", "sk-test");
    const refund = await createWorkflowRow(db(), user, { ...approvalFlow({ message: "Refund?", approvers: "ops@example.test" }), name: "Approve a refund" });
    const agent = await createWorkflowRow(
      db(),
      user,
      workflow("Two refunds", [node("t", "trigger"), node("ask", "agent", { model: "gpt-4o-mini", baseUrl: llm.url, prompt: "Refund Ada and Grace", tools: [{ kind: "workflow", workflow: refund }] }), node("out", "output", { name: "answer", value: "{{ask.text}}" })], [edge("t", "ask"), edge("ask", "out")]),
    );
    const name = toolNameOf("Approve a refund", refund);
    llm.queue({ kind: "tool_calls", calls: [{ id: "call_ada", name, arguments: {} }, { id: "call_grace", name, arguments: {} }] }, ...(answer ? [{ kind: "stream" as const, chunks: [answer] }] : []));
    const started = await startWorkflowRun(db(), { userId: user }, agent, {}, "manual");
    await started.done;
    const children = await db().select({ id: runs.id, status: runs.status }).from(runs).where(eq(runs.parentRunId, started.run.id));
    assert.deepEqual(children.map((c) => c.status), ["paused", "paused"]);
    return { user, runId: started.run.id, children: children.map((c) => c.id) };
  }

  const approve = async (childId: string) => {
    const token = (await mailedTokens(db(), childId)).get("ops@example.test")!;
    assert.ok((await submitWithToken(db(), { token, decision: "approved", values: {}, ...SAME }, resumeRun)).ok);
    await settleActive();
  };

  test("two calls waiting at once are settled one by one: the agent answers once both children ended", async () => {
    const { runId, children } = await twoWaits("Both refunds approved.");
    const seen = llm.requests.length;
    await approve(children[0]!);
    assert.equal((await getRun(db(), runId)).status, "paused", "still waiting for the other child");
    assert.equal(llm.requests.length, seen, "no model call until both are back");
    await approve(children[1]!);
    await waitForEvent(db(), runId, (e) => e.type === "run.finished");
    await settleActive();
    const row = await getRun(db(), runId);
    assert.deepEqual(row.outputs, { answer: "Both refunds approved." });
    assert.equal(llm.requests.length, seen + 1);
    const told = (llm.requests.at(-1)!.body as { messages: { role: string; tool_call_id?: string }[] }).messages.filter((m) => m.role === "tool").map((m) => m.tool_call_id);
    assert.deepEqual(told, ["call_ada", "call_grace"]);
    const all = await db().select({ id: runs.id }).from(runs).where(eq(runs.parentRunId, runId));
    assert.equal(all.length, 2, "following a waiting child starts no new one");
  });

  test("cancelling an agent that waits on two children cancels both", async () => {
    const { user, runId, children } = await twoWaits();
    await cancelRunById(db(), { userId: user }, runId);
    await settleActive();
    const rows = await db().select({ id: runs.id, status: runs.status }).from(runs).where(eq(runs.parentRunId, runId));
    assert.deepEqual(rows.map((r) => [r.id, r.status]).sort(), children.map((id) => [id, "cancelled"]).sort());
  });
});
