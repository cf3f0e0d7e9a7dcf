// SIGKILL the process running an agent between its tool call and its answer, start another: the
// run completes, and (as the spec copy says) the agent runs again from its first model call, so its
// tool is called again; and an agent paused on its workflow tool's approval goes on in another
// process. The model is a local OpenAI-compatible server (test/handlers/llm-server.ts)
// that answers the first attempt's second call never; the tool is an HTTP endpoint counting calls.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import type { Db } from "../../lib/db/types";
import { setSecret } from "../../lib/secrets/store";
import { personalWorkspaceOf } from "../../lib/workspaces/members";
import { toolNameOf } from "../../lib/engine/llm/workflow-tool";
import { approvalFlow } from "../approvals/helpers";
import { FakeOpenAI } from "../handlers/llm-server";
import { TEST_DB_KINDS } from "../support/db";
import { createUser, createWorkflowRow, edge, node, workflow } from "./helpers";
import { createServerStore, killAllRunServers, RunServer, startKeyCountingServer, type KeyCountingServer, type ServerStore } from "./server-harness";

const agentDefinition = (llmUrl: string, toolUrl: string) =>
  workflow(
    "crash agent",
    [
      node("t", "trigger"),
      node("ask", "agent", {
        model: "gpt-4o-mini",
        baseUrl: llmUrl,
        prompt: "Look it up",
        tools: [{ kind: "http", name: "lookup", description: "Looks it up", method: "POST", url: `${toolUrl}/lookup`, headers: { "idempotency-key": "agent-lookup" }, body: { q: "{{args.q}}" } }],
      }),
      node("out", "output", { name: "answer", value: "{{ask.text}}" }),
    ],
    [edge("t", "ask"), edge("ask", "out")],
  );

for (const kind of TEST_DB_KINDS) {
  describe(`an agent killed mid-loop [${kind}]`, { timeout: 5 * 60_000 }, () => {
    let http: KeyCountingServer;
    let llm: FakeOpenAI;
    let store: ServerStore;
    let userId: string;
    let workflowId: string;

    before(async () => {
      // The servers read the key the secret was saved with (without it, each its data folder's own).
      process.env.FLOWMAESTRO_SECRET_KEY ??= randomBytes(32).toString("hex");
      http = await startKeyCountingServer();
      llm = await new FakeOpenAI().start();
      store = await createServerStore(kind);
      ({ userId, workflowId } = await store.withDb(async (db: Db) => {
        const user = await createUser(db);
        await setSecret(db, await personalWorkspaceOf(db, user), user, "OPENAI_API_KEY", "sk-test");
        return { userId: user, workflowId: await createWorkflowRow(db, user, agentDefinition(llm.url, http.url)) };
      }));
    });
    after(async () => {
      await killAllRunServers();
      llm.stop();
      await http.close();
      await store.cleanup();
    });

    test("a new process runs the agent again from its first model call, and the run completes", async () => {
      let asked!: () => void;
      const secondCallArrived = new Promise<void>((resolve) => (asked = resolve));
      llm.queue(
        { kind: "tool_calls", calls: [{ id: "call_1", name: "lookup", arguments: { q: "A1" } }] },
        // The first attempt's answer never comes: its process is killed while waiting for it.
        { kind: "stream", chunks: ["never"], before: () => (asked(), new Promise<void>(() => {})) },
        { kind: "tool_calls", calls: [{ id: "call_2", name: "lookup", arguments: { q: "A1" } }] },
        { kind: "stream", chunks: ["A1 is ", "shipped."] },
      );
      const first = await RunServer.start(store.env);
      const { runId } = (await first.call("start", { userId, workflowId })) as { runId: string };
      await secondCallArrived;
      assert.equal(http.keys.get("agent-lookup"), 1, "the tool ran once before the crash");
      await first.kill();

      const second = await RunServer.start(store.env);
      const settled = (await second.call("await", { runId })) as { status: string };
      assert.equal(settled.status, "completed");
      const { run, events } = (await second.call("inspect", { runId, userId })) as { run: { outputs: unknown }; events: { type: string }[] };
      assert.deepEqual(run.outputs, { answer: "A1 is shipped." });
      assert.ok(events.some((e) => e.type === "run.recovered"), "the run says it was recovered");
      assert.equal(llm.requests.length, 4, "the agent started over: two model calls before the crash, two after");
      assert.equal(http.keys.get("agent-lookup"), 2, "its tool was called again");
      await second.kill();
    });

    // An agent paused on its workflow tool's approval keeps nothing in memory: the process that ran
    // it dies, and the approval given to another process ends the child and sends the agent on from
    // its next model call, with the conversation from the store.
    test("an agent waiting on its tool's approval goes on in a new process once the approval is given", async () => {
      const { agentId, approveId } = await store.withDb(async (db: Db) => {
        const approve = await createWorkflowRow(db, userId, { ...approvalFlow({ message: "Ship?", approvers: "ops@example.test" }), name: "Approve shipping" });
        const agent = workflow(
          "waiting agent",
          [node("t", "trigger"), node("ask", "agent", { model: "gpt-4o-mini", baseUrl: llm.url, prompt: "Ship once approved", tools: [{ kind: "workflow", workflow: approve }] }), node("out", "output", { name: "answer", value: "{{ask.text}}" })],
          [edge("t", "ask"), edge("ask", "out")],
        );
        return { agentId: await createWorkflowRow(db, userId, agent), approveId: approve };
      });
      const seen = llm.requests.length;
      const toolName = toolNameOf("Approve shipping", approveId);
      llm.queue({ kind: "tool_calls", calls: [{ id: "call_ship", name: toolName, arguments: {} }] }, { kind: "stream", chunks: ["Shipped after approval."] });
      const first = await RunServer.start(store.env);
      const { runId } = (await first.call("start", { userId, workflowId: agentId })) as { runId: string };
      const paused = (await first.call("await", { runId })) as { status: string; waiting: { id: string; kind: string }[] };
      assert.deepEqual([paused.status, paused.waiting.map((w) => w.kind)], ["paused", ["workflow"]]);
      await first.kill();

      const second = await RunServer.start(store.env);
      const { ids } = (await second.call("children", { runId })) as { ids: string[] };
      assert.equal(ids.length, 1);
      const child = (await second.call("await", { runId: ids[0] })) as { status: string; waiting: { id: string; kind: string }[] };
      assert.equal(child.status, "paused");
      await second.call("resume", { userId, runId: ids[0], waitpointId: child.waiting[0]!.id, input: { decision: "approved", by: "crash-test" } });
      assert.equal(((await second.call("await", { runId: ids[0] })) as { status: string }).status, "completed");
      // Paused with nothing open: the child's end answered it a moment ago, and the execution that
      // takes the answer in is starting (here, or in the recovery sweep); ask again.
      let settled = (await second.call("await", { runId })) as { status: string; waiting: unknown[] };
      for (let asked = 1; settled.status === "paused" && settled.waiting.length === 0; asked++) {
        assert.ok(asked < 200, "the answered run never went on");
        settled = (await second.call("await", { runId })) as typeof settled;
      }
      assert.equal(settled.status, "completed", JSON.stringify(settled));
      const { run } = (await second.call("inspect", { runId, userId })) as { run: { outputs: unknown } };
      assert.deepEqual(run.outputs, { answer: "Shipped after approval." });
      assert.equal(llm.requests.length, seen + 2, "one model call before the pause, one after: the conversation went on");
      const told = (llm.requests.at(-1)!.body.messages as { role: string; tool_call_id?: string; content: unknown }[]).find((m) => m.role === "tool" && m.tool_call_id === "call_ship");
      assert.equal((JSON.parse(String(told?.content)) as { outputs: { result: { decision: string } } }).outputs.result.decision, "approved", "the child's outputs reached the model");
      await second.kill();
    });
  });
}
