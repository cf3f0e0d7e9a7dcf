// The MCP server end to end (issue 17): a workflow is offered as a tool in Settings → MCP, and the
// official MCP TypeScript SDK's client, with an API key, lists it and calls it against `next start`;
// the call is a real run, shown in the app.
import { expect, test } from "@playwright/test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { createWorkflowWithDefinition, signUp, uniqueEmail } from "./helpers";

test("a workflow offered as a tool is listed and called by an MCP client with an API key", async ({ page, baseURL }) => {
  await signUp(page, uniqueEmail("mcp"));
  await page.goto("/settings/api-keys");
  await page.getByLabel("Key name").fill("agent");
  await page.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByTestId("new-api-key").textContent())!;
  await createWorkflowWithDefinition(page, {
    name: "Quote a price",
    version: 1,
    inputs: { type: "object", required: ["units"], properties: { units: { type: "integer", minimum: 1 } } },
    nodes: [
      { id: "trigger", type: "trigger", config: {}, position: { x: 0, y: 0 } },
      { id: "price", type: "output", config: { name: "price", value: "{{inputs.units}} units: USD {{inputs.units}}0" }, position: { x: 300, y: 0 } },
    ],
    edges: [{ id: "e1", source: "trigger", target: "price" }],
  });

  await page.goto("/settings/mcp");
  await expect(page.getByRole("link", { name: "MCP" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByTestId("mcp-endpoint")).toHaveText(/\/api\/mcp$/);
  const form = page.getByTestId("mcp-tool-form").filter({ hasText: "Quote a price" });
  await form.getByRole("checkbox").check();
  await form.getByLabel("Description for the model").fill("Prices an order of some units");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form).toContainText("Offered as a tool.");
  if (process.env.SCREENSHOTS) await page.screenshot({ path: "docs/screenshots/mcp-settings.png" });

  const client = new Client({ name: "e2e", version: "1" });
  await client.connect(new StreamableHTTPClientTransport(new URL("/api/mcp", baseURL), { requestInit: { headers: { authorization: `Bearer ${key}` } } }));
  try {
    const { tools } = await client.listTools();
    expect(tools.map((t) => [t.title, t.description])).toEqual([["Quote a price", "Prices an order of some units"]]);
    const result = await client.callTool({ name: tools[0].name, arguments: { units: 3 } });
    expect(result.isError).toBeFalsy();
    const { runId, outputs } = result.structuredContent as { runId: string; outputs: unknown };
    expect(outputs).toEqual({ price: "3 units: USD 30" });
    await page.goto(`/runs/${runId}`);
    await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "completed");
  } finally {
    await client.close();
  }
});
