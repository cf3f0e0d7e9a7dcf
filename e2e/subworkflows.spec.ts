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
  await expect(node(page, "call")).toContainText("Runs “Greeter”");
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

test("a child's approval shows on the parent's run page; approving it there finishes both", async ({ page }) => {
  await signUp(page, uniqueEmail("subflows-approve"));
  const at = (x: number) => ({ x, y: 0 });
  const child = await createWorkflow(page, {
    name: "Sign-off",
    version: 1,
    nodes: [
      { id: "trigger", type: "trigger", config: {}, position: at(0) },
      { id: "review", type: "approval", config: { message: "Ship it?", approvers: ["lead@example.com"] }, position: at(300) },
      { id: "out", type: "output", config: { name: "by", value: "{{review.decidedBy}}" }, position: at(600) },
    ],
    edges: [{ id: "e1", source: "trigger", target: "review" }, { id: "e2", source: "review", target: "out", sourceHandle: "approved" }],
  });
  const parent = await createWorkflow(page, {
    name: "Release",
    version: 1,
    nodes: [
      { id: "trigger", type: "trigger", config: {}, position: at(0) },
      { id: "call", type: "workflow", config: { workflow: child }, position: at(300) },
      { id: "done", type: "output", config: { name: "signed", value: "{{call.by}}" }, position: at(600) },
    ],
    edges: [{ id: "e1", source: "trigger", target: "call" }, { id: "e2", source: "call", target: "done" }],
  });
  const started = await page.request.post(`/api/workflows/${parent}/runs`, { headers: { origin: new URL(page.url()).origin }, data: { inputs: {} } });
  expect(started.status(), await started.text()).toBe(202);
  const { runId } = (await started.json()) as { runId: string };
  await page.goto(`/runs/${runId}`);
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "paused");
  const waiting = page.getByTestId("run-waiting");
  await expect(waiting).toContainText("Sub-workflow at call");
  await expect(node(page, "call")).toContainText("Runs “Sign-off”");
  const childWait = waiting.getByTestId("child-wait-review");
  await expect(childWait).toContainText("Approval at review");
  await expect(childWait.getByTestId("copy-approval-link")).toHaveAttribute("data-link", /\/approve\/[A-Za-z0-9_-]{43}$/);
  if (process.env.SCREENSHOTS === "1") await page.screenshot({ path: "docs/screenshots/sub-workflow-child-approval.png" });
  await childWait.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "completed", { timeout: 20_000 });
  await page.getByRole("tab", { name: "Outputs" }).click();
  await expect(page.getByTestId("run-outputs")).toContainText("signed");
});
