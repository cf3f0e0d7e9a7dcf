// An agent run in Chromium against local fakes (an OpenAI-compatible server that answers with a
// tool call, and an orders API the tool calls): the run panel shows the tool call and its result
// live, while the model's final answer is still held back, then the answer and the steps; and a
// workflow offered as a tool, whose call is a child run opened from the agent's node.
import { createServer, type Server } from "node:http";
import { expect, test } from "@playwright/test";
import { toolNameOf } from "../lib/engine/llm/workflow-tool";
import { FakeOpenAI } from "../test/handlers/llm-server";
import { createWorkflowWithDefinition, saveSecret, signUp, uniqueEmail } from "./helpers";

let fake: FakeOpenAI;
let orders: Server;
let ordersUrl = "";

test.beforeAll(async () => {
  fake = await new FakeOpenAI().start();
  orders = createServer((req, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id: req.url?.split("/").pop(), status: "shipped", carrier: "DHL" })));
  await new Promise<void>((resolve) => orders.listen(0, "127.0.0.1", resolve));
  ordersUrl = `http://127.0.0.1:${(orders.address() as { port: number }).port}`;
});
test.afterAll(async () => {
  fake?.stop();
  await new Promise<void>((resolve) => orders.close(() => resolve()));
});

const agentFlow = () => ({
  version: 1 as const,
  name: "Order helper",
  nodes: [
    { id: "trigger", type: "trigger", name: "Start", config: {}, position: { x: 0, y: 0 } },
    {
      id: "helper",
      type: "agent",
      name: "Order helper",
      position: { x: 320, y: 0 },
      config: {
        model: "fm-e2e-model",
        baseUrl: fake.url,
        system: "You answer questions about orders.",
        prompt: "Where is order A1?",
        tools: [{ kind: "http", name: "get_order", description: "Looks up an order", url: `${ordersUrl}/orders/{{args.id}}`, parameters: { type: "object", properties: { id: { type: "string" } }, required: ["id"] } }],
      },
    },
    { id: "answer", type: "output", name: "Answer", position: { x: 640, y: 0 }, config: { name: "answer", value: "{{helper.text}}" } },
  ],
  edges: [
    { id: "e1", source: "trigger", target: "helper" },
    { id: "e2", source: "helper", target: "answer" },
  ],
});

test("an agent's tool call and its result show live in the run panel before its answer", async ({ page }) => {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  fake.queue(
    { kind: "tool_calls", calls: [{ id: "call_1", name: "get_order", arguments: { id: "A1" } }], usage: { prompt_tokens: 40, completion_tokens: 8 } },
    { kind: "stream", chunks: ["Order A1 ", "shipped with DHL."], usage: { prompt_tokens: 70, completion_tokens: 6 }, before: (index) => (index === 1 ? held : Promise.resolve()) },
  );
  await signUp(page, uniqueEmail("agent"));
  await saveSecret(page, "OPENAI_API_KEY", "sk-e2e-agent-key");
  const id = await createWorkflowWithDefinition(page, agentFlow());
  await page.goto(`/workflows/${id}`);
  await expect(page.getByTestId("node-helper")).toBeVisible();
  await page.getByRole("button", { name: "Run", exact: true }).click();

  const panel = page.getByTestId("run-panel");
  const live = panel.getByTestId("run-live-helper");
  // The call, its result and the answer's first words, while the rest of the answer is held back.
  await expect(live).toContainText('→ get_order({"id":"A1"})');
  await expect(live).toContainText('← get_order: {"status":200');
  await expect(live).toContainText("Order A1");
  await expect(panel.getByTestId("run-status")).toHaveAttribute("data-status", "running");
  if (process.env.SCREENSHOTS) await page.screenshot({ path: "docs/screenshots/agent-live.png" });
  release();

  await expect(panel.getByTestId("run-status")).toHaveAttribute("data-status", "completed");
  await page.getByTestId("node-helper").click();
  const output = panel.getByTestId("run-node-output");
  await expect(output).toContainText('"Order A1 shipped with DHL."');
  await expect(output).toContainText("modelCalls: 2");
  await expect(output).toContainText("steps: 0: { tool, input, output }");
  const runId = (await panel.getByRole("link", { name: "Open the run's page" }).getAttribute("href"))?.split("/").pop();
  const result = (await (await page.request.get(`/api/runs/${runId}`)).json()) as { nodes: Record<string, { output: { steps: unknown[] } }> };
  expect(result.nodes.helper!.output.steps).toEqual([{ tool: "get_order", input: { id: "A1" }, output: { status: 200, data: { id: "A1", status: "shipped", carrier: "DHL" } } }]);
  await panel.getByRole("tab", { name: "Outputs" }).click();
  await expect(panel.getByTestId("run-outputs")).toContainText("Order A1 shipped with DHL.");
  expect(fake.requests.map((r) => r.headers.authorization)).toEqual(["Bearer sk-e2e-agent-key", "Bearer sk-e2e-agent-key"]);
});

test("a workflow tool's call is a child run, opened from the agent's node in the run panel", async ({ page }) => {
  await signUp(page, uniqueEmail("agent-wf"));
  await saveSecret(page, "OPENAI_API_KEY", "sk-e2e-agent-key");
  const greeter = await createWorkflowWithDefinition(page, {
    version: 1,
    name: "Greet someone",
    inputs: { type: "object", properties: { name: { type: "string" } }, required: ["name"] },
    nodes: [
      { id: "t", type: "trigger", config: {}, position: { x: 0, y: 0 } },
      { id: "out", type: "output", config: { name: "greeting", value: "Hello, {{inputs.name}}!" }, position: { x: 320, y: 0 } },
    ],
    edges: [{ id: "e", source: "t", target: "out" }],
  });
  const flow = agentFlow();
  const helper = flow.nodes[1]!;
  const concierge = { ...flow, name: "Concierge", nodes: [flow.nodes[0]!, { ...helper, config: { ...helper.config, prompt: "Greet Ada", tools: [] } }, flow.nodes[2]!] };
  const id = await createWorkflowWithDefinition(page, concierge as unknown as ReturnType<typeof agentFlow>);
  fake.queue({ kind: "tool_calls", calls: [{ id: "call_g", name: toolNameOf("Greet someone", greeter), arguments: { name: "Ada" } }] }, { kind: "stream", chunks: ["Ada was greeted."] });
  await page.goto(`/workflows/${id}`);
  // The workflow is offered as a tool from the agent's panel, picked from the workspace's workflows.
  await page.getByTestId("node-helper").click();
  const tools = page.getByTestId("node-panel").getByTestId("agent-workflow-tools");
  await tools.locator("#helper-workflow-tool").selectOption({ label: "Greet someone" });
  await tools.getByRole("button", { name: "Add tool" }).click();
  await expect(tools.getByTestId("agent-workflow-tool")).toContainText(toolNameOf("Greet someone", greeter));
  await expect(page.getByTestId("save-status")).toHaveText(/Saved/);
  if (process.env.SCREENSHOTS) await page.screenshot({ path: "docs/screenshots/agent-workflow-tools-panel.png" });
  const saved = (await (await page.request.get(`/api/workflows/${id}`)).json()) as { workflow: { definition: { nodes: { id: string; config: { tools?: unknown } }[] } } };
  expect(saved.workflow.definition.nodes.find((n) => n.id === "helper")?.config.tools).toEqual([{ kind: "workflow", workflow: greeter }]);
  await page.getByRole("button", { name: "Run", exact: true }).click();
  const panel = page.getByTestId("run-panel");
  await expect(panel.getByTestId("run-status")).toHaveAttribute("data-status", "completed");
  // The agent is still selected from above: its details are on the panel's Node tab.
  await panel.getByRole("tab", { name: "Node" }).click();
  const link = panel.getByTestId("agent-tool-runs").getByTestId("child-run-link");
  await expect(link).toHaveCount(1);
  await expect(link).toContainText(`Open the run of ${toolNameOf("Greet someone", greeter)}`);
  if (process.env.SCREENSHOTS) await page.screenshot({ path: "docs/screenshots/agent-workflow-tool.png" });
  await link.click();
  await expect(page).toHaveURL(/\/runs\/run_[A-Za-z0-9_-]+$/);
  await expect(page.getByRole("link", { name: /Greet someone/ })).toBeVisible();
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "completed");
  await page.getByRole("tab", { name: "Outputs" }).click();
  await expect(page.getByTestId("run-outputs")).toContainText("Hello, Ada!");
});

test("a workflow tool's approval pauses the agent; approved from the agent's run page, the agent goes on and answers", async ({ page }) => {
  await signUp(page, uniqueEmail("agent-wait"));
  await saveSecret(page, "OPENAI_API_KEY", "sk-e2e-agent-key");
  const at = (x: number) => ({ x, y: 0 });
  const signOff = await createWorkflowWithDefinition(page, {
    version: 1,
    name: "Refund sign-off",
    nodes: [
      { id: "trigger", type: "trigger", config: {}, position: at(0) },
      { id: "review", type: "approval", config: { message: "Refund 40 EUR to Ada?", approvers: ["lead@example.com"] }, position: at(300) },
      { id: "out", type: "output", config: { name: "by", value: "{{review.decidedBy}}" }, position: at(600) },
    ],
    edges: [
      { id: "e1", source: "trigger", target: "review" },
      { id: "e2", source: "review", target: "out", sourceHandle: "approved" },
    ],
  });
  const flow = agentFlow();
  const helper = flow.nodes[1]!;
  const support = { ...flow, name: "Support desk", nodes: [flow.nodes[0]!, { ...helper, config: { ...helper.config, prompt: "Refund Ada", tools: [{ kind: "workflow", workflow: signOff }] } }, flow.nodes[2]!] };
  const id = await createWorkflowWithDefinition(page, support as unknown as ReturnType<typeof agentFlow>);
  const tool = toolNameOf("Refund sign-off", signOff);
  fake.queue({ kind: "tool_calls", calls: [{ id: "call_refund", name: tool, arguments: {} }] }, { kind: "stream", chunks: ["Refund approved and sent."] });
  const started = await page.request.post(`/api/workflows/${id}/runs`, { headers: { origin: new URL(page.url()).origin }, data: { inputs: {} } });
  expect(started.status(), await started.text()).toBe(202);
  const { runId } = (await started.json()) as { runId: string };
  await page.goto(`/runs/${runId}`);
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "paused");
  const waiting = page.getByTestId("run-waiting");
  await expect(waiting).toContainText("Sub-workflow at helper");
  const childWait = waiting.getByTestId("child-wait-review");
  await expect(childWait).toContainText("Approval at review");
  if (process.env.SCREENSHOTS) await page.screenshot({ path: "docs/screenshots/agent-waits-for-approval.png" });
  await childWait.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "completed", { timeout: 20_000 });
  await page.getByRole("tab", { name: "Outputs" }).click();
  await expect(page.getByTestId("run-outputs")).toContainText("Refund approved and sent.");
});
