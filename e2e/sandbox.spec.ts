// User code under `next start`: javascript and JSONata nodes evaluate in the sandbox processes
// (the entry file is found from Next's server bundle), and a JSONata memory bomb fails only its
// node (MEMORY_LIMIT or TIMEOUT, routed to the error port) while the server keeps answering.
import { expect, test } from "@playwright/test";
import { createWorkflow, fromTheApp, signUp, uniqueEmail } from "./helpers";

const flow = {
  version: 1,
  name: "Sandboxed code",
  nodes: [
    { id: "trigger", type: "trigger", config: {}, position: { x: 0, y: 0 } },
    { id: "js", type: "javascript", config: { code: "return 6 * 7" }, position: { x: 250, y: 0 } },
    { id: "query", type: "jsonata", config: { expression: "js.result + 1" }, position: { x: 500, y: 0 } },
    { id: "bomb", type: "jsonata", config: { expression: '$length($pad("", 150000000))' }, position: { x: 250, y: 150 }, errorPort: true },
    { id: "caught", type: "output", config: { name: "caught", value: "{{bomb.error.code}}" }, position: { x: 500, y: 150 } },
    { id: "answer", type: "output", config: { name: "answer", value: "{{query.result}}" }, position: { x: 750, y: 0 } },
  ],
  edges: [
    { id: "e1", source: "trigger", target: "js" },
    { id: "e2", source: "js", target: "query" },
    { id: "e3", source: "query", target: "answer" },
    { id: "e4", source: "trigger", target: "bomb" },
    { id: "e5", source: "bomb", target: "caught", sourceHandle: "error" },
  ],
};

test("javascript and JSONata run in the sandbox; a memory bomb fails its node, not the server", async ({ page }) => {
  await signUp(page, uniqueEmail("sandbox"));
  await createWorkflow(page, "Sandboxed code");
  await page.getByRole("link", { name: "Sandboxed code", exact: true }).click();
  await expect(page.getByTestId("workflow-editor")).toBeVisible();
  await page.getByTestId("import-file").setInputFiles({ name: "flow.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(flow)) });
  await expect(page.getByTestId("node-bomb")).toBeVisible();
  await expect(page.getByTestId("save-status")).toHaveText(/Saved/);
  const workflowId = new URL(page.url()).pathname.split("/").pop()!;

  const run = await page.request.post(`/api/workflows/${workflowId}/runs?wait=true`, { data: { inputs: {} }, headers: fromTheApp(page), timeout: 60_000 });
  expect(run.status()).toBe(200);
  const result = (await run.json()) as { status: string; outputs: Record<string, unknown>; nodes: Record<string, { status: string; error?: { code: string } }> };
  expect(result.status).toBe("completed");
  expect(result.outputs.answer).toBe(43);
  // The heap cap (256 MB) or the script time limit (1 s by default): which trips first depends on
  // the machine's speed; either way only the node fails and its error is routed.
  expect(["MEMORY_LIMIT", "TIMEOUT"]).toContain(result.outputs.caught);
  expect(result.nodes.bomb.status).toBe("failed");
  expect((await page.request.get("/api/health")).status()).toBe(200);
});
