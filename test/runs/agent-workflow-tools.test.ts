// An agent's workflow tools in the app, on both databases, through the run service, the real
// engine and store: each tool call starts a child run of the workspace's workflow, linked to the
// agent's run and node, waited for here; the model gets its outputs. The model is a local
// OpenAI-compatible server answering with tool calls (test/handlers/llm-server.ts).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { getEventListeners } from "node:events";
import { eq } from "drizzle-orm";
import { runs } from "../../lib/db/schema";
import type { Db } from "../../lib/db/types";
import { toolNameOf } from "../../lib/engine/llm/workflow-tool";
import { startWorkflowRun } from "../../lib/runs/service";
import { createAppWorkflowHost } from "../../lib/runs/subworkflows";
import { setSecret } from "../../lib/secrets/store";
import { personalWorkspaceOf } from "../../lib/workspaces/members";
import { FakeOpenAI } from "../handlers/llm-server";
import { describeEachDb } from "../support/db";
import { createUser, createWorkflowRow, edge, getRun, node, workflow } from "./helpers";

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
});
