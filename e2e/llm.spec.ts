// LLM nodes in Chromium against a local OpenAI-compatible server (the one fake: the provider).
// The answer streams in chunks, each held back until the test releases it, so the run panel is
// seen showing the partial text piece by piece before the last chunk exists; then the final text,
// usage and the cost from the operator's price table (FLOWMAESTRO_LLM_PRICES, playwright.config.ts).
// A 429 is retried (attempts 2); a 400 goes down the error port.
import { expect, test, type Page } from "@playwright/test";
import { FakeOpenAI } from "../test/handlers/llm-server";
import { createWorkflow, signUp, uniqueEmail } from "./helpers";

const API_KEY = "sk-e2e-workspace-key";
const MODEL = "fm-e2e-model"; // priced in playwright.config.ts: 2 USD / 1M input, 10 USD / 1M output
let fake: FakeOpenAI;

test.beforeAll(async () => {
  fake = await new FakeOpenAI().start();
});
test.afterAll(() => fake?.stop());
test.beforeEach(() => {
  fake.requests.length = 0;
});

/**
 * A gate per chunk: the fake server writes chunk i only once the test calls release(i);
 * reached(i) resolves when the server is ready to write chunk i (every chunk before it is written).
 */
function gates(count: number) {
  const deferred = () => {
    let open!: () => void;
    const promise = new Promise<void>((resolve) => (open = resolve));
    return { promise, open };
  };
  const opened = Array.from({ length: count }, deferred);
  const waiting = Array.from({ length: count }, deferred);
  return {
    before: (index: number) => {
      waiting[index].open();
      return opened[index].promise;
    },
    release: (index: number) => opened[index].open(),
    reached: (index: number) => waiting[index].promise,
  };
}

const llmFlow = (baseUrl: string) => ({
  version: 1,
  name: "Tide summary",
  inputs: { type: "object", properties: {} },
  nodes: [
    { id: "trigger", type: "trigger", name: "Start", config: {} },
    { id: "ask", type: "llm", name: "Summarize", retry: { maxAttempts: 2, backoffMs: 1 }, config: { model: MODEL, baseUrl, messages: [{ role: "user", content: "Why are there tides?" }] } },
    { id: "answer", type: "output", name: "Answer", config: { name: "answer", value: "{{ask.text}}" } },
    { id: "fallback", type: "output", name: "Fallback", config: { name: "failure", value: "{{ask.error.code}}: {{ask.error.message}}" } },
  ],
  edges: [
    { id: "e1", source: "trigger", target: "ask" },
    { id: "e2", source: "ask", target: "answer" },
    { id: "e3", source: "ask", target: "fallback", sourceHandle: "error" },
  ],
});

/** Signs up, stores OPENAI_API_KEY as a workspace secret, imports the llm workflow and opens it. */
async function openLlmWorkflow(page: Page): Promise<void> {
  await signUp(page, uniqueEmail("llm"));
  await page.goto("/settings/secrets");
  await page.getByLabel("Name").fill("OPENAI_API_KEY");
  await page.getByLabel("Value").fill(API_KEY);
  await page.getByRole("button", { name: "Save secret" }).click();
  await expect(page.getByText("Saved OPENAI_API_KEY")).toBeVisible();
  await page.goto("/workflows");
  await createWorkflow(page, "Tide summary");
  await page.getByRole("link", { name: "Tide summary", exact: true }).click();
  await expect(page.getByTestId("workflow-editor")).toBeVisible();
  await page.getByTestId("import-file").setInputFiles({ name: "flow.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(llmFlow(fake.url))) });
  await expect(page.getByTestId("node-ask")).toBeVisible();
  await page.getByRole("button", { name: "Auto-layout" }).click();
  await expect(page.getByTestId("problem-count")).toHaveText("No problems");
  await expect(page.getByTestId("save-status")).toHaveText(/Saved/);
}

test("tokens stream into the run panel piece by piece after a retried 429; usage and cost are recorded", async ({ page }) => {
  const pieces = ["Tides follow ", "the pull ", "of the ", "moon."];
  const gate = gates(pieces.length);
  fake.queue({ kind: "error", status: 429, message: "Rate limit reached, slow down" }, { kind: "stream", chunks: pieces, usage: { prompt_tokens: 12, completion_tokens: 4 }, before: gate.before });
  await openLlmWorkflow(page);
  await page.getByRole("button", { name: "Run", exact: true }).click();
  const panel = page.getByTestId("run-panel");
  // The retry reached the panel over SSE: its stream is open, so no live chunk can be missed.
  await expect(panel.getByText(/ask will retry .*Rate limit reached/)).toBeVisible();
  await page.getByTestId("node-ask").click();
  const preview = panel.getByTestId("run-live-ask");
  const nodeLive = panel.getByTestId("run-node-live");

  let sent = "";
  for (const [index, piece] of pieces.entries()) {
    gate.release(index);
    sent += piece;
    if (index === pieces.length - 1) break;
    // Partial text, and nothing of the chunks still held back.
    await expect(preview).toHaveText(sent);
    await expect(nodeLive).toHaveText(sent);
    await expect(panel.getByTestId("run-status")).toHaveAttribute("data-status", "running");
    await expect(panel.getByTestId("run-node-output")).toHaveCount(0);
  }

  await expect(panel.getByTestId("run-status")).toHaveAttribute("data-status", "completed");
  await expect(page.getByTestId("node-ask")).toHaveAttribute("data-run-status", "completed");
  // The live text is replaced by the stored output: the final text, usage and cost.
  await expect(nodeLive).toHaveCount(0);
  await expect(panel.getByTestId("run-live-preview")).toHaveCount(0);
  const output = panel.getByTestId("run-node-output");
  await expect(output).toContainText('"Tides follow the pull of the moon."');
  await expect(output).toContainText("inputTokens: 12");
  await expect(output).toContainText("outputTokens: 4");
  const usd = (12 * 2 + 4 * 10) / 1e6;
  await expect(output).toContainText(`usd: ${usd}`);
  await expect(panel.getByTestId("node-run-details")).toContainText(/Attempts\s*2/);
  await panel.getByRole("tab", { name: "Outputs" }).click();
  await expect(panel.getByTestId("run-outputs")).toContainText("Tides follow the pull of the moon.");

  // The provider got the workspace's key, twice (the 429, then the answer).
  expect(fake.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${API_KEY}`, `Bearer ${API_KEY}`]);
  const runId = (await panel.getByRole("link", { name: "Open the run's page" }).getAttribute("href"))?.split("/").pop();
  const result = await (await page.request.get(`/api/runs/${runId}`)).json();
  // Chunks were live only: the stored event stream (replayed to a late reader) has none, just the final text.
  const stored = await (await page.request.get(`/api/runs/${runId}/events`)).text();
  expect(stored).toContain('"type":"node.completed"');
  expect(stored).not.toContain("node.chunk");
  expect(stored).not.toContain("event: chunk");
  expect(result.nodes.ask).toMatchObject({ status: "completed", attempts: 2, output: { text: sent, usage: { inputTokens: 12, outputTokens: 4, totalTokens: 16 }, cost: { usd } } });

  // The Runs page adds the run's model cost up from its node runs.
  await page.goto(`/runs?q=${runId}`);
  const cost = page.locator(`[data-run-id="${runId}"]`).getByTestId("run-cost");
  await expect(cost).toHaveText(`$${usd.toFixed(4)}`);
  await expect(cost).toHaveAttribute("title", "1 model call, 16 tokens");
});

test("a run page opened after the first tokens shows the text from the first word", async ({ page }) => {
  const pieces = ["Tides follow ", "the pull ", "of the moon."];
  const gate = gates(pieces.length);
  gate.release(0); // the first token goes at once, before anyone watches
  fake.queue({ kind: "stream", chunks: pieces, usage: { prompt_tokens: 12, completion_tokens: 4 }, before: gate.before });
  await openLlmWorkflow(page);
  const workflowId = new URL(page.url()).pathname.split("/").pop();
  const started = await page.request.post(`/api/workflows/${workflowId}/runs`, { headers: { origin: new URL(page.url()).origin }, data: { inputs: {} } });
  expect(started.status()).toBe(202);
  const { runId } = (await started.json()) as { runId: string };
  await gate.reached(1); // the first piece is written; the second is held
  await page.goto(`/runs/${runId}`);
  await page.getByTestId("node-ask").click();
  const panel = page.getByTestId("run-panel");
  await expect(panel.getByTestId("run-node-live")).toHaveText("Tides follow ");
  gate.release(1);
  await expect(panel.getByTestId("run-node-live")).toHaveText("Tides follow the pull ");
  gate.release(2);
  await expect(panel.getByTestId("run-status")).toHaveAttribute("data-status", "completed");
  await expect(panel.getByTestId("run-node-output")).toContainText("Tides follow the pull of the moon.");
});

test("a 400 from the provider is not retried and goes down the error port", async ({ page }) => {
  fake.queue({ kind: "error", status: 400, message: "The model does not exist" });
  await openLlmWorkflow(page);
  await page.getByRole("button", { name: "Run", exact: true }).click();
  const panel = page.getByTestId("run-panel");
  await expect(panel.getByTestId("run-status")).toHaveAttribute("data-status", "completed");
  await expect(page.getByTestId("node-ask")).toHaveAttribute("data-run-status", "error-routed");
  await expect(page.getByTestId("node-answer")).toHaveAttribute("data-run-status", "skipped");
  await expect(page.getByTestId("node-fallback")).toHaveAttribute("data-run-status", "completed");
  await page.getByTestId("node-ask").click();
  await expect(panel.getByTestId("run-node-error")).toContainText("The model does not exist");
  await expect(panel.getByTestId("node-run-details")).toContainText(/Attempts\s*1/);
  await panel.getByRole("tab", { name: "Outputs" }).click();
  await expect(panel.getByTestId("run-outputs")).toContainText(/HTTP_400: .*The model does not exist/);
  expect(fake.requests).toHaveLength(1);
});
