// Issue 15: a new user starts from the template gallery, runs the workflow to completion, and
// finds the run on the Runs page by its id; another user finds nothing of it.
import { expect, test, type Page } from "@playwright/test";
import { signUp, uniqueEmail } from "./helpers";

const LOOP = "Loop over a list with JavaScript";

/** Runs the open workflow from the editor (its inputs dialog, when it has inputs) and returns the run id once its page shows `status`. */
async function runFromEditor(page: Page, status: "completed" | "paused"): Promise<string> {
  await expect(page.getByTestId("save-status")).toHaveText(/Saved/);
  await page.getByRole("button", { name: "Run", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Run with inputs" });
  await expect(dialog.or(page.getByRole("link", { name: "Open the run's page" }))).toBeVisible();
  if (await dialog.isVisible()) await dialog.getByRole("button", { name: "Start run" }).click();
  await page.getByRole("link", { name: "Open the run's page" }).click();
  await expect(page).toHaveURL(/\/runs\/run_[A-Za-z0-9_-]+$/);
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", status, { timeout: 30_000 });
  return new URL(page.url()).pathname.split("/").pop()!;
}

test("a new user creates a workflow from a template, runs it and finds the run on the Runs page", async ({ page, browser }) => {
  test.setTimeout(180_000); // two runs, an import and a second user: a long story on a loaded machine
  await page.setViewportSize({ width: 1440, height: 900 });
  await signUp(page, uniqueEmail("templates"));

  const gallery = page.getByTestId("template-gallery");
  await expect(page.getByRole("heading", { name: "No workflows yet" })).toBeVisible();
  expect(await gallery.getByTestId("template-card").count()).toBeGreaterThanOrEqual(10);
  const card = gallery.getByRole("form", { name: LOOP });
  await expect(card).toContainText("Data");
  await expect(card.getByTestId("template-node-count")).toHaveText("6 nodes");
  if (process.env.SCREENSHOTS) await page.screenshot({ path: "docs/screenshots/templates-gallery.png", fullPage: true });

  // A broken file: its problems with their paths, and nothing created.
  const broken = { version: 1, nodes: [{ id: "start", type: "trigger" }, { id: "next" }], edges: [] };
  await page.getByTestId("import-workflow-file").setInputFiles({ name: "broken.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(broken)) });
  await expect(page.getByTestId("import-error")).toContainText("nodes[1].type:");
  await expect(page.getByRole("heading", { name: "No workflows yet" })).toBeVisible();

  await card.getByRole("button", { name: `Use template ${LOOP}` }).click();
  await expect(page).toHaveURL(/\/workflows\/[^/]+$/);
  await expect(page.getByRole("heading", { level: 1, name: LOOP })).toBeVisible();
  await expect(page.getByTestId("problem-count")).toHaveText("No problems");
  const loopRun = await runFromEditor(page, "completed");

  // A second workflow, from "New from template" on the list that is no longer empty: it waits for input.
  await page.goto("/workflows");
  await page.getByRole("button", { name: "New from template" }).click();
  await page.getByRole("button", { name: "Use template Human input form" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Human input form" })).toBeVisible();
  const waitingRun = await runFromEditor(page, "paused");

  await page.goto("/workflows");
  const row = page.getByTestId("workflow-row").filter({ hasText: LOOP });
  await expect(row.getByTestId("workflow-run-count")).toHaveText("1 run");
  await expect(row.getByTestId("workflow-run-summary")).toContainText("Completed");
  await page.mouse.move(0, 0);
  await page.screenshot({ path: "test-results/templates-workflows-list.png" });
  await page.getByRole("link", { name: "All runs" }).click();
  await expect(page).toHaveURL(/\/runs$/);
  await expect(page.getByTestId("run-row")).toHaveCount(2);
  await page.mouse.move(0, 0);
  if (process.env.SCREENSHOTS) await page.screenshot({ path: "docs/screenshots/runs.png", fullPage: true });

  await page.getByLabel("Run id").fill(loopRun);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(new RegExp(`q=${loopRun}`));
  const found = page.getByTestId("run-row");
  await expect(found).toHaveCount(1);
  await expect(found).toHaveAttribute("data-run-id", loopRun);
  await expect(found).toContainText(LOOP);
  await expect(found).toContainText("Manual");
  await expect(found.locator("[data-status]")).toHaveAttribute("data-status", "completed");

  await page.getByLabel("Run id").fill("");
  await page.getByLabel("Status").selectOption("paused");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByTestId("run-row")).toHaveCount(1);
  await expect(page.getByTestId("run-row")).toHaveAttribute("data-run-id", waitingRun);

  await found.getByRole("link", { name: waitingRun }).click();
  await expect(page).toHaveURL(new RegExp(`/runs/${waitingRun}$`));

  // Importing a good file opens it in the editor.
  await page.goto("/workflows");
  await expect(page.getByRole("form", { name: "Import a workflow file" })).toHaveAttribute("data-hydrated", "true");
  const imported = { version: 1, name: "Imported flow", nodes: [{ id: "start", type: "trigger", config: {} }, { id: "done", type: "output", config: { value: 1 } }], edges: [{ id: "e", source: "start", target: "done" }] };
  await page.getByTestId("import-workflow-file").setInputFiles({ name: "imported.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(imported)) });
  await expect(page.getByRole("heading", { level: 1, name: "Imported flow" })).toBeVisible();
  await expect(page.getByTestId("problem-count")).toHaveText("No problems");

  // Someone else: no trace of these runs, by id or otherwise.
  const context = await browser.newContext();
  const stranger = await context.newPage();
  await signUp(stranger, uniqueEmail("stranger"));
  await stranger.goto(`/runs?q=${loopRun}`);
  await expect(stranger.getByTestId("run-total")).toHaveText("No runs match these filters.");
  await stranger.goto("/runs");
  await expect(stranger.getByTestId("run-row")).toHaveCount(0);
  expect((await stranger.goto(`/runs/${loopRun}`))?.status()).toBe(404);
  await context.close();
});
