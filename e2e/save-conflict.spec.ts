// Two tabs on one workflow: the tab whose save is stale is told "Changed elsewhere — reload or
// overwrite", and both answers work. The REST API refuses a stale revision with 409.
import { expect, test, type Page } from "@playwright/test";
import { createWorkflow, fromTheApp, signUp, uniqueEmail } from "./helpers";

const node = (page: Page, id: string) => page.getByTestId(`node-${id}`);
const pane = (page: Page) => page.locator(".react-flow__pane");
const status = (page: Page) => page.getByTestId("save-status");

async function dropNode(page: Page, type: string, fx: number, fy: number) {
  const box = (await pane(page).boundingBox())!;
  await page.getByTestId(`palette-${type}`).dragTo(pane(page), { targetPosition: { x: box.width * fx, y: box.height * fy } });
  await expect(page.getByTestId("node-panel")).toBeVisible();
  await page.getByRole("button", { name: "Close panel" }).click();
}

async function stored(page: Page, id: string): Promise<{ revision: number; nodes: string[] }> {
  const { workflow } = (await (await page.request.get(`/api/workflows/${id}`)).json()) as { workflow: { revision: number; definition: { nodes: { id: string }[] } } };
  return { revision: workflow.revision, nodes: workflow.definition.nodes.map((n) => n.id).sort() };
}

test("a stale tab is told it changed elsewhere; overwrite and reload both work", async ({ page }) => {
  await signUp(page, uniqueEmail("conflict"));
  await page.goto("/workflows");
  await createWorkflow(page, "Two tabs");
  await page.getByRole("link", { name: "Two tabs", exact: true }).click();
  await expect(node(page, "trigger")).toBeVisible();
  const id = new URL(page.url()).pathname.split("/").pop()!;
  const other = await page.context().newPage();
  await other.goto(page.url());
  await expect(node(other, "trigger")).toBeVisible();

  // Tab 1 saves first.
  await dropNode(page, "fail", 0.7, 0.3);
  await expect(status(page)).toHaveText(/Saved/);
  expect(await stored(page, id)).toEqual({ revision: 1, nodes: ["fail", "trigger"] });

  // Tab 2 still has revision 0: its save is refused, nothing is overwritten, autosave pauses.
  await dropNode(other, "delay", 0.7, 0.7);
  const banner = other.getByTestId("save-conflict");
  await expect(banner).toContainText("Changed elsewhere — reload or overwrite");
  await expect(status(other)).toHaveText(/Changed elsewhere/);
  expect(await stored(page, id)).toEqual({ revision: 1, nodes: ["fail", "trigger"] });
  await other.screenshot({ path: "test-results/screens/editor-conflict.png" });

  // Overwrite: tab 2's draft saved on the current revision.
  await banner.getByRole("button", { name: "Overwrite" }).click();
  await expect(banner).toHaveCount(0);
  await expect(status(other)).toHaveText(/Saved/);
  expect(await stored(page, id)).toEqual({ revision: 2, nodes: ["delay", "trigger"] });

  // Now tab 1 is the stale one; it reloads and gets tab 2's version.
  await dropNode(page, "output", 0.4, 0.8);
  await expect(page.getByTestId("save-conflict")).toBeVisible();
  await page.getByTestId("save-conflict").getByRole("button", { name: "Reload" }).click();
  await expect(node(page, "delay")).toBeVisible();
  await expect(node(page, "fail")).toHaveCount(0);
  await expect(status(page)).toHaveText(/Saved/);
  expect(await stored(page, id)).toEqual({ revision: 2, nodes: ["delay", "trigger"] });

  // The REST API: a stale revision is 409 with the current one, the current revision lands.
  const stale = await page.request.patch(`/api/workflows/${id}`, { data: { name: "Renamed", revision: 1 }, headers: fromTheApp(page) });
  expect(stale.status()).toBe(409);
  expect(await stale.json()).toMatchObject({ revision: 2 });
  const fresh = await page.request.patch(`/api/workflows/${id}`, { data: { name: "Renamed", revision: 2 }, headers: fromTheApp(page) });
  expect(fresh.status()).toBe(200);
  expect(((await fresh.json()) as { workflow: { revision: number; name: string } }).workflow).toMatchObject({ revision: 3, name: "Renamed" });
});
