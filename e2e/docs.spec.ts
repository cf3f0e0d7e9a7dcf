// The node reference (/docs/nodes), generated from the engine's handlers: every palette entry has a
// section with its settings, and the palette and the node panel link to it.
import { expect, test } from "@playwright/test";
import { createWorkflowWithDefinition, signUp, uniqueEmail } from "./helpers";

test("the node reference lists every palette entry with its settings; the panel links to its node's section", async ({ page }) => {
  await signUp(page, uniqueEmail("docs"));
  const id = await createWorkflowWithDefinition(page, {
    name: "Docs",
    version: 1,
    nodes: [
      { id: "trigger", type: "trigger", config: {}, position: { x: 0, y: 0 } },
      { id: "fetch", type: "http", config: { method: "GET", url: "https://example.com" }, position: { x: 300, y: 0 } },
    ],
    edges: [{ id: "e1", source: "trigger", target: "fetch" }],
  });
  await page.goto(`/workflows/${id}`);
  const paletteTypes = await page.locator('[data-testid^="palette-"]:not([data-testid="palette-docs-link"])').evaluateAll((els) => els.map((el) => el.getAttribute("data-testid")!.slice("palette-".length)));
  expect(paletteTypes.length).toBeGreaterThan(15);
  await expect(page.getByTestId("palette-docs-link")).toHaveAttribute("href", "/docs/nodes");
  await page.getByTestId("node-fetch").click();
  await expect(page.getByTestId("node-docs-link")).toHaveAttribute("href", "/docs/nodes#http");

  await page.goto("/docs/nodes#http");
  await expect(page.getByRole("heading", { level: 1, name: "Node reference" })).toBeVisible();
  for (const type of paletteTypes) await expect(page.getByTestId(`node-doc-${type}`)).toHaveCount(1);
  const http = page.getByTestId("node-doc-http");
  await expect(http).toContainText("url");
  await expect(http).toContainText("required");
  await expect(http).toContainText("Also found as:");
  await expect(page.getByTestId("node-doc-javascript")).toContainText("Taken as written");
  // Every setting says what it is for (the handlers' .describe() texts), loop's per mode.
  await expect(http).toContainText("The address to call");
  const loop = page.getByTestId("node-doc-loop");
  await expect(loop.getByRole("heading", { name: 'When mode is "forEach"' })).toBeVisible();
  await expect(loop).toContainText("How many times to run the body");
  await expect(loop).not.toContainText("No settings.");
  if (process.env.SCREENSHOTS === "1") await page.screenshot({ path: "docs/screenshots/node-reference.png" });
});

test("the API reference lists every operation of /api/openapi.json, which is served to anyone", async ({ page, request }) => {
  // Public: the document describes the API, not anyone's data.
  const served = await request.get("/api/openapi.json");
  expect(served.status()).toBe(200);
  const document = (await served.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
  expect(document.openapi).toBe("3.1.0");
  const count = Object.values(document.paths).reduce((n, methods) => n + Object.keys(methods).length, 0);

  await signUp(page, uniqueEmail("api-docs"));
  await page.goto("/settings/api-keys");
  await page.getByRole("link", { name: "API reference" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "REST API" })).toBeVisible();
  await expect(page.getByTestId("api-operation")).toHaveCount(count);
  const start = page.locator('[id="post-/api/workflows/{id}/runs"]');
  await expect(start).toContainText("inputs");
  await expect(start).toContainText("wait");
  await expect(start).toContainText("API key or session");
  await expect(page.getByTestId("openapi-link")).toHaveAttribute("href", "/api/openapi.json");
  if (process.env.SCREENSHOTS) await page.screenshot({ path: "docs/screenshots/api-reference.png" });
});
