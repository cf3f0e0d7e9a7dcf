// The mcp node in Chromium against an MCP server of the official SDK on a local port: the panel
// lists the server's tools (its URL and token from the workspace's secrets), picking one shows a
// form for its arguments (typed fields from its input schema), and a run calls it with them.
import { expect, test } from "@playwright/test";
import { z } from "zod";
import { startMcpServer, type LocalMcp } from "../test/support/mcp-server";
import { createWorkflowWithDefinition, fromTheApp, saveSecret, signUp, uniqueEmail } from "./helpers";

let calc: LocalMcp;
let url = "";
test.beforeAll(async () => {
  calc = await startMcpServer(
    (mcp) => mcp.registerTool("add", { description: "Adds two numbers", inputSchema: { a: z.number(), b: z.number() } }, async ({ a, b }) => ({ content: [{ type: "text", text: String(a + b) }] })),
    { token: "e2e-mcp" },
  );
  url = calc.url;
});
test.afterAll(() => calc.close());

test("the mcp node's panel lists the server's tools; the picked tool runs", async ({ page }) => {
  await signUp(page, uniqueEmail("mcp-node"));
  await saveSecret(page, "CALC_MCP_URL", url);
  await saveSecret(page, "CALC_TOKEN", "e2e-mcp");
  const id = await createWorkflowWithDefinition(page, {
    version: 1,
    name: "Calculator",
    nodes: [
      { id: "trigger", type: "trigger", config: {}, position: { x: 0, y: 0 } },
      { id: "calc", type: "mcp", config: { url: "{{env.CALC_MCP_URL}}", headers: { authorization: "Bearer {{env.CALC_TOKEN}}" }, tool: "" }, position: { x: 320, y: 0 } },
      { id: "sum", type: "output", config: { name: "sum", value: "{{calc.text}}" }, position: { x: 640, y: 0 } },
    ],
    edges: [
      { id: "e1", source: "trigger", target: "calc" },
      { id: "e2", source: "calc", target: "sum" },
    ],
  });
  await page.goto(`/workflows/${id}`);
  await page.getByTestId("node-calc").click();
  // Before the list is fetched, the tool and its arguments are typed by hand, each in one field.
  await expect(page.locator("#calc-tool")).toHaveCount(1);
  await expect(page.locator("#calc-arguments")).toHaveCount(1);
  await page.getByRole("button", { name: "List the server's tools" }).click();
  await page.locator("#calc-mcp-tool").selectOption("add");
  // The arguments' form comes from the tool's input schema: a field per argument, numbers as numbers.
  const form = page.getByTestId("mcp-tool-arguments");
  await expect(form).toContainText("Arguments of add");
  // and replaces the hand-typed fields: the arguments are not shown a second time as JSON.
  await expect(page.locator("#calc-tool")).toHaveCount(0);
  await expect(page.locator("#calc-arguments")).toHaveCount(0);
  await form.locator("#calc-arg-a").fill("2");
  await form.locator("#calc-arg-b").fill("40");
  await expect(page.getByTestId("save-status")).toHaveText(/Saved/);
  await expect(page.getByTestId("problem-count")).toHaveText("No problems");
  if (process.env.SCREENSHOTS) await page.screenshot({ path: "docs/screenshots/mcp-node-tools.png" });
  const saved = (await (await page.request.get(`/api/workflows/${id}`)).json()) as { workflow: { revision: number; definition: { nodes: { id: string; config: Record<string, unknown> }[] } } };
  const calc = saved.workflow.definition.nodes.find((n) => n.id === "calc")!;
  expect([calc.config.tool, calc.config.arguments]).toEqual(["add", { a: 2, b: 40 }]);

  // The run calls the tool with them.
  const run = await page.request.post(`/api/workflows/${id}/runs?wait=true`, { headers: fromTheApp(page), data: { inputs: {} } });
  expect(((await run.json()) as { outputs: Record<string, unknown> }).outputs).toEqual({ sum: "42" });
});
