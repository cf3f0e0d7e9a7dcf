// The canvas in real Chromium: drag nodes from the palette, connect handles with the mouse,
// run (error port routing shown live), containers, problems refusing a run, autosave, export/import.
import { readFileSync } from "node:fs";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { createWorkflow, signUp, uniqueEmail } from "./helpers";

const node = (page: Page, id: string) => page.getByTestId(`node-${id}`);
const pane = (page: Page) => page.locator(".react-flow__pane");
const sourceHandle = (page: Page, id: string, handle = "source") =>
  node(page, id).locator(`.react-flow__handle.source[data-handleid="${handle}"]`);
const targetHandle = (page: Page, id: string) => node(page, id).locator(".react-flow__handle.target");

async function openNewWorkflow(page: Page, name: string) {
  await page.goto("/workflows");
  await createWorkflow(page, name);
  await page.getByRole("link", { name, exact: true }).click();
  await expect(page.getByTestId("workflow-editor")).toBeVisible();
  await expect(node(page, "trigger")).toBeVisible();
}

/** Drags a palette entry onto the canvas at a fraction of the pane's size; the new node is selected (panel open). */
async function dropNode(page: Page, type: string, fx: number, fy: number) {
  const box = (await pane(page).boundingBox())!;
  await page.getByTestId(`palette-${type}`).dragTo(pane(page), { targetPosition: { x: box.width * fx, y: box.height * fy } });
  await expect(page.getByTestId("node-panel")).toBeVisible();
}

async function closePanel(page: Page) {
  await page.getByRole("button", { name: "Close panel" }).click();
  await expect(page.getByTestId("node-panel")).toHaveCount(0);
}

async function center(locator: Locator) {
  const b = (await locator.boundingBox())!;
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

/** Presses on a source handle and releases on a target handle, like a person. */
async function connect(page: Page, from: Locator, to: Locator) {
  const edges = await page.locator(".react-flow__edge").count();
  const a = await center(from);
  const b = await center(to);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x, b.y, { steps: 5 });
  await page.mouse.up();
  await expect(page.locator(".react-flow__edge")).toHaveCount(edges + 1);
}

async function waitSaved(page: Page) {
  await expect(page.getByTestId("save-status")).toHaveText(/Saved/);
}

test.beforeEach(async ({ page }) => {
  await signUp(page, uniqueEmail("canvas"));
});

test("autosave survives a reload; export, then import into a new workflow", async ({ page }) => {
  await openNewWorkflow(page, "Exported flow");
  await dropNode(page, "fail", 0.8, 0.5);
  await page.getByLabel("Message").fill("card declined");
  await closePanel(page);
  await connect(page, sourceHandle(page, "trigger"), targetHandle(page, "fail"));
  await expect(page.getByTestId("save-status")).toHaveText(/Saving/);
  await waitSaved(page);

  await page.reload();
  await expect(node(page, "fail")).toBeVisible();
  await expect(node(page, "fail")).toContainText("card declined");
  await expect(page.locator(".react-flow__edge")).toHaveCount(1);

  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export JSON" }).click();
  const file = await (await download).path();
  const exported = JSON.parse(readFileSync(file, "utf8"));
  expect(exported.nodes.map((n: { id: string }) => n.id).sort()).toEqual(["fail", "trigger"]);
  expect(exported.edges).toEqual([expect.objectContaining({ source: "trigger", target: "fail" })]);

  await openNewWorkflow(page, "Imported flow");
  await page.getByTestId("import-file").setInputFiles({ name: "flow.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(exported)) });
  await expect(node(page, "fail")).toBeVisible();
  await expect(page.locator(".react-flow__edge")).toHaveCount(1);
  // The import is saved like any edit: it is there after a reload, under the new workflow's name.
  await waitSaved(page);
  await page.reload();
  await expect(node(page, "fail")).toContainText("card declined");
  await expect(page.getByLabel("Workflow name")).toHaveValue("Exported flow");
});
