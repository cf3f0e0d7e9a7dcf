// Sub-workflows in Chromium: a parent's workflow node picks a child workflow from the user's
// list, fills the child's declared inputs, runs it live, and links both ways (parent node -> child
// run page -> back to the parent run).
import { expect, test, type Page } from "@playwright/test";
import { createWorkflowWithDefinition as createWorkflow, signUp, uniqueEmail } from "./helpers";

const node = (page: Page, id: string) => page.getByTestId(`node-${id}`);

test("a parent calls a child workflow picked from the list; the run links parent and child both ways", async ({ page }) => {
  await signUp(page, uniqueEmail("subflows"));
  const at = (x: number) => ({ x, y: 0 });
  await createWorkflow(page, {
    name: "Greeter",
    version: 1,
    inputs: { type: "object", required: ["name"], properties: { name: { type: "string", description: "Who to greet" } } },
    nodes: [
      { id: "trigger", type: "trigger", config: {}, position: at(0) },
      { id: "greet", type: "jsonata", config: { expression: "'Hello, ' & inputs.name" }, position: at(300) },
      { id: "out", type: "output", config: { name: "greeting", value: "{{greet.result}}" }, position: at(600) },
    ],
    edges: [{ id: "e1", source: "trigger", target: "greet" }, { id: "e2", source: "greet", target: "out" }],
  });
  const parent = await createWorkflow(page, {
    name: "Welcome flow",
    version: 1,
    nodes: [
      { id: "trigger", type: "trigger", config: {}, position: at(0) },
      { id: "call", type: "workflow", config: { workflow: "" }, position: at(300) },
    ],
    edges: [{ id: "e1", source: "trigger", target: "call" }],
  });
  await page.goto(`/workflows/${parent}`);
  await node(page, "call").click();
  const picker = page.locator("#call-workflow");
  await expect(picker.locator("option", { hasText: "Greeter" })).toHaveCount(1);
  await picker.selectOption({ label: "Greeter" });
  await expect(page.getByTestId("node-panel")).toContainText("Who to greet");
  await page.locator("#call-input-name").fill("Ada");
  await expect(page.getByTestId("problem-count")).toHaveText("No problems");
  await expect(page.getByTestId("save-status")).toHaveText(/Saved/);
  if (process.env.SCREENSHOTS === "1") await page.screenshot({ path: "docs/screenshots/sub-workflow-picker.png" });
  await page.getByRole("button", { name: "Close panel" }).click();

  await page.getByRole("button", { name: "Run", exact: true }).click();
  const panel = page.getByTestId("run-panel");
  await expect(panel.getByTestId("run-status")).toHaveAttribute("data-status", "completed");
  await node(page, "call").click();
  await expect(panel.getByTestId("run-node-output")).toContainText("Hello, Ada");
  await panel.getByTestId("child-run-link").click();
  await expect(page).toHaveURL(/\/runs\/run_/);
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "completed");
  await expect(page.getByRole("link", { name: /Greeter/ })).toBeVisible();
  if (process.env.SCREENSHOTS === "1") await page.screenshot({ path: "docs/screenshots/sub-workflow-child-run.png" });
  await page.getByTestId("parent-run-link").click();
  await expect(page.getByRole("link", { name: /Welcome flow/ })).toBeVisible();
});
