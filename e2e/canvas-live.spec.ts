// The canvas and the run view at work in Chromium: untouched nodes don't re-render while one is
// dragged; 3 parallel branches show "3 running" and their container runs until the last one ends;
// a node dropped at the right edge with a panel open lands under the pointer, whole.
import { expect, test, type Page } from "@playwright/test";
import { createWorkflowWithDefinition, settledBox, signUp, uniqueEmail } from "./helpers";

const node = (page: Page, id: string) => page.getByTestId(`node-${id}`);
const pane = (page: Page) => page.locator(".react-flow__pane");

/** A workflow with this definition (REST, the page's session); opens its editor. */
async function openWorkflow(page: Page, definition: { name: string; version: 1; nodes: unknown[]; edges: unknown[] }) {
  const id = await createWorkflowWithDefinition(page, definition);
  await page.goto(`/workflows/${id}`);
  await expect(page.getByTestId("workflow-editor")).toBeVisible();
}

test.beforeEach(async ({ page }) => {
  await signUp(page, uniqueEmail("canvas-live"));
});

test("dragging one node of 40 re-renders that node only", async ({ page }) => {
  const ids = Array.from({ length: 40 }, (_, i) => `n${i}`);
  await openWorkflow(page, {
    name: "Forty nodes",
    version: 1,
    nodes: [
      { id: "trigger", type: "trigger", config: {}, position: { x: 0, y: 0 } },
      ...ids.map((id, i) => ({ id, type: "output", config: { name: id, value: i }, position: { x: 300 + (i % 8) * 280, y: Math.floor(i / 8) * 140 } })),
    ],
    edges: ids.map((id, i) => ({ id: `e${i}`, source: i === 0 ? "trigger" : ids[i - 1], target: id })),
  });
  // Counting starts once React Flow has measured every node (until then it renders them hidden, then again measured).
  await page.waitForFunction(() => {
    const nodes = document.querySelectorAll<HTMLElement>(".react-flow__node");
    return nodes.length === 41 && [...nodes].every((el) => el.style.visibility !== "hidden");
  }, undefined, { polling: "raf" });
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await page.evaluate(() => ((window as unknown as { __flowmaestroRenders: Record<string, number> }).__flowmaestroRenders = {}));
  const target = node(page, "n0");
  const box = (await target.boundingBox())!;
  await page.mouse.move(box.x + 40, box.y + 20);
  await page.mouse.down();
  for (let step = 1; step <= 10; step++) await page.mouse.move(box.x + 40 + step * 8, box.y + 20 + step * 6);
  await page.mouse.up();
  // Two frames after the drop: the drop's own renders are in; the autosave that follows is not
  // (its revalidation re-renders the page: see the report of issue 14).
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  const counts = await page.evaluate(() => (window as unknown as { __flowmaestroRenders: Record<string, number> }).__flowmaestroRenders);
  expect(counts.n0, "the dragged node renders").toBeGreaterThan(0);
  const others = Object.entries(counts).filter(([id, n]) => id !== "n0" && n > 0);
  expect(others, "untouched nodes don't render").toEqual([]);
});

test("3 parallel branches of 1 s delays show \"3 running\"; the container runs until the last ends", async ({ page }) => {
  await openWorkflow(page, {
    name: "Fan out",
    version: 1,
    nodes: [
      { id: "trigger", type: "trigger", config: {}, position: { x: 0, y: 0 } },
      // Time for the run panel to open its stream (a cold route under load): the branches then start while it watches.
      { id: "warmup", type: "delay", config: { ms: 2500 }, position: { x: 280, y: 0 } },
      { id: "fan", type: "parallel", config: { mode: "count", count: 3, maxConcurrency: 3 }, position: { x: 560, y: 0 }, size: { width: 420, height: 240 } },
      { id: "wait", type: "delay", parentId: "fan", config: { ms: 1000 }, position: { x: 90, y: 90 } },
    ],
    edges: [{ id: "e1", source: "trigger", target: "warmup" }, { id: "e2", source: "warmup", target: "fan" }],
  });
  await expect(page.getByTestId("problem-count")).toHaveText("No problems");
  // Every frame, what the two nodes show: polling from the test could miss a 1 s window on a busy machine.
  await page.evaluate(() => {
    const w = window as unknown as { __states: string[] };
    w.__states = [];
    const read = (id: string) => document.querySelector<HTMLElement>(`[data-testid="node-${id}"]`);
    const tick = () => {
      const fan = read("fan")?.dataset.runStatus ?? "";
      const wait = read("wait");
      const state = `${fan}|${wait?.dataset.runStatus ?? ""}|${wait?.querySelector('[data-testid="run-badge"]')?.textContent ?? ""}`;
      if (w.__states.at(-1) !== state) w.__states.push(state);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(page.getByTestId("run-panel").getByTestId("run-status")).toHaveAttribute("data-status", "completed", { timeout: 30_000 });
  await expect(node(page, "wait").getByTestId("run-badge")).toContainText("×3");
  const states = await page.evaluate(() => (window as unknown as { __states: string[] }).__states);
  const seen = (fan: string, wait: string, badge: string) => states.some((s) => { const [f, w, b] = s.split("|"); return f === fan && w === wait && b.includes(badge); });
  expect(seen("running", "running", "3 running"), `3 running branches in a running container; states seen: ${states.join(" ; ")}`).toBe(true);
  expect(states.filter((s) => s.startsWith("completed|running")), "the container never completes while a branch runs").toEqual([]);
  expect(states.at(-1)?.split("|").slice(0, 2)).toEqual(["completed", "completed"]);
});

test("a node dropped at the right edge with a panel open lands under the pointer, whole", async ({ page }) => {
  await openWorkflow(page, { name: "Right edge", version: 1, nodes: [{ id: "trigger", type: "trigger", config: {}, position: { x: 0, y: 0 } }], edges: [] });
  await node(page, "trigger").click();
  await expect(page.getByTestId("node-panel")).toBeVisible();
  const paneBox = (await pane(page).boundingBox())!;
  const drop = { x: paneBox.width - 12, y: paneBox.height * 0.5 };
  await page.getByTestId("palette-output").dragTo(pane(page), { targetPosition: drop });
  const dropped = node(page, "output");
  await expect(dropped).toBeVisible();
  await expect(page.getByTestId("node-panel")).toBeVisible();
  const box = (await dropped.boundingBox())!;
  const at = { x: paneBox.x + drop.x, y: paneBox.y + drop.y };
  expect(box.x <= at.x && at.x <= box.x + box.width && box.y <= at.y && at.y <= box.y + box.height, "under the pointer").toBe(true);
  const paneNow = (await pane(page).boundingBox())!;
  expect(box.x + box.width, "inside the pane, not under the panel").toBeLessThanOrEqual(paneNow.x + paneNow.width);
});

test("? opens the shortcuts sheet; the top bar marks the current section; the theme switch turns the page dark and stays", async ({ page }) => {
  await openWorkflow(page, { name: "Keys", version: 1, nodes: [{ id: "trigger", type: "trigger", config: {}, position: { x: 0, y: 0 } }], edges: [] });
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Workflows" })).toHaveAttribute("aria-current", "page");
  await pane(page).click();
  await page.keyboard.press("?");
  await expect(page.getByTestId("shortcuts-sheet")).toBeVisible();
  await expect(page.getByTestId("shortcuts-sheet")).toContainText("Undo");
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("shortcuts-sheet")).toHaveCount(0);

  await page.goto("/settings");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Settings" })).toHaveAttribute("aria-current", "page");
  await expect(nav.getByRole("link", { name: "Workflows" })).not.toHaveAttribute("aria-current", "page");
  await page.goto("/runs");
  await expect(nav.getByRole("link", { name: "Runs" })).toHaveAttribute("aria-current", "page");

  const html = page.locator("html");
  await page.getByTestId("theme-switch").click(); // system -> light
  await page.getByTestId("theme-switch").click(); // light -> dark
  await expect(html).toHaveAttribute("data-theme", "dark");
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const dark = await background();
  await page.reload();
  await expect(html).toHaveAttribute("data-theme", "dark");
  expect(await background()).toBe(dark);
  await page.getByTestId("theme-switch").click(); // dark -> system
  await page.getByTestId("theme-switch").click(); // system -> light
  await expect(html).toHaveAttribute("data-theme", "light");
  expect(await background(), "light and dark differ").not.toBe(dark);
});

test("phone width: Settings and Outbox stay reachable from the top bar", async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await page.goto("/workflows");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Settings" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Outbox" })).toBeVisible();
  await nav.getByRole("link", { name: "Outbox" }).click();
  await expect(page).toHaveURL(/\/outbox$/);
});

test("the palette finds Condition by \"if\"; approvers are typed as addresses and saved as a list", async ({ page }) => {
  await openWorkflow(page, { name: "Sign-off", version: 1, nodes: [{ id: "trigger", type: "trigger", config: {}, position: { x: 0, y: 0 } }], edges: [] });
  const search = page.getByLabel("Search node types");
  await search.fill("if");
  await expect(page.locator('[data-testid^="palette-"]').first()).toHaveAttribute("data-testid", "palette-condition");
  await search.fill("sign off");
  await search.press("Enter");
  await expect(node(page, "approval")).toBeVisible();
  // Added beside the selected trigger, never on top of it.
  const [a, b] = [await settledBox(node(page, "trigger")), await settledBox(node(page, "approval"))];
  expect(a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y, "the nodes don't overlap").toBe(true);
  const approvers = page.locator("#approval-approvers");
  await approvers.pressSequentially("ana@example.com, bo@example.com");
  await expect(page.getByTestId("node-panel")).toContainText("2 entries");
  await expect(page.getByTestId("save-status")).toHaveText(/Saved/);
  const id = new URL(page.url()).pathname.split("/").pop();
  const { workflow } = (await (await page.request.get(`/api/workflows/${id}`)).json()) as { workflow: { definition: { nodes: { id: string; config: { approvers?: unknown } }[] } } };
  expect(workflow.definition.nodes.find((n) => n.id === "approval")?.config.approvers).toEqual(["ana@example.com", "bo@example.com"]);
  if (process.env.SCREENSHOTS === "1") await page.screenshot({ path: "docs/screenshots/approvers-list.png" });
});

test("the trigger's inputs form writes the inputs schema; the Run dialog asks for those inputs", async ({ page }) => {
  await openWorkflow(page, {
    name: "Signup",
    version: 1,
    nodes: [
      { id: "trigger", type: "trigger", config: {}, position: { x: 0, y: 0 } },
      { id: "out", type: "output", config: { name: "who", value: "{{inputs.email}} x{{inputs.seats}}" }, position: { x: 320, y: 0 } },
    ],
    edges: [{ id: "e1", source: "trigger", target: "out" }],
  });
  await node(page, "trigger").click();
  const form = page.getByTestId("inputs-editor");
  await form.getByRole("button", { name: "Add input" }).click();
  await form.getByLabel("Input name").fill("email");
  await form.getByLabel("required").check();
  await form.getByLabel("Description").fill("Who signs up");
  await form.getByRole("button", { name: "Add input" }).click();
  await form.getByLabel("Input name").nth(1).fill("seats");
  await form.getByLabel("Input type").nth(1).selectOption("integer");
  await form.getByLabel("Default value").nth(1).fill("two");
  await expect(form).toContainText("Default: not a number");
  await form.getByLabel("Default value").nth(1).fill("2");
  await expect(form).not.toContainText("not a number");
  await expect(page.getByTestId("save-status")).toHaveText(/Saved/);
  if (process.env.SCREENSHOTS === "1") await page.screenshot({ path: "docs/screenshots/trigger-inputs.png" });
  const id = new URL(page.url()).pathname.split("/").pop();
  const { workflow } = (await (await page.request.get(`/api/workflows/${id}`)).json()) as { workflow: { definition: { inputs?: unknown } } };
  expect(workflow.definition.inputs).toEqual({ type: "object", properties: { email: { type: "string", description: "Who signs up" }, seats: { type: "integer", default: 2 } }, required: ["email"] });

  await page.getByRole("button", { name: "Close panel" }).click();
  await page.getByRole("button", { name: "Run", exact: true }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("Who signs up");
  await dialog.getByLabel(/email/).fill("ada@example.com");
  await dialog.getByRole("button", { name: "Start run" }).click();
  await expect(page.getByTestId("run-panel").getByTestId("run-status")).toHaveAttribute("data-status", "completed");
  await expect(page.getByTestId("run-panel").getByRole("tab", { name: "Outputs" })).toBeVisible();
});

test("Run from here: after a run, a node's details start a new run from that node", async ({ page }) => {
  await openWorkflow(page, {
    name: "From here",
    version: 1,
    nodes: [
      { id: "trigger", type: "trigger", config: {}, position: { x: 0, y: 0 } },
      { id: "wait", type: "delay", config: { ms: 50 }, position: { x: 300, y: 0 } },
      { id: "out", type: "output", config: { name: "said", value: "done" }, position: { x: 600, y: 0 } },
    ],
    edges: [{ id: "e1", source: "trigger", target: "wait" }, { id: "e2", source: "wait", target: "out" }],
  });
  await page.getByRole("button", { name: "Run", exact: true }).click();
  const panel = page.getByTestId("run-panel");
  await expect(panel.getByTestId("run-status")).toHaveAttribute("data-status", "completed");
  const runLink = panel.getByRole("link", { name: "Open the run's page" });
  const before = (await runLink.getAttribute("href")) ?? "";
  await node(page, "out").click();
  await panel.getByRole("button", { name: "Run from here" }).click();
  await expect(runLink).not.toHaveAttribute("href", before);
  await expect(panel.getByTestId("run-status")).toHaveAttribute("data-status", "completed");
  await expect(node(page, "out")).toHaveAttribute("data-run-status", "completed");
});

test("Test this node shows the node's output without a run of the rest", async ({ page }) => {
  await openWorkflow(page, {
    name: "Try one",
    version: 1,
    nodes: [
      { id: "trigger", type: "trigger", config: {}, position: { x: 0, y: 0 } },
      { id: "shape", type: "jsonata", config: { expression: "{ 'doubled': 21 * 2 }" }, position: { x: 300, y: 0 } },
      { id: "later", type: "delay", config: { ms: 60000 }, position: { x: 600, y: 0 } },
    ],
    edges: [{ id: "e1", source: "trigger", target: "shape" }, { id: "e2", source: "shape", target: "later" }],
  });
  await node(page, "shape").click();
  await page.getByRole("button", { name: "Test this node" }).click();
  const result = page.getByTestId("node-test-result");
  await expect(result).toHaveAttribute("data-status", "completed");
  await expect(page.getByTestId("node-test-output")).toContainText("42");
  if (process.env.SCREENSHOTS === "1") await page.screenshot({ path: "docs/screenshots/test-node.png" });
  // The 60 s delay after it never started: the test came back at once, and no run is listed.
  await page.getByRole("button", { name: "Runs", exact: true }).click();
  await expect(page.getByTestId("run-panel")).toContainText(/No runs/);
});

test("pinned sample data: pin an upstream node's output, test the node after it, pin a result; marked on the canvas", async ({ page }) => {
  await openWorkflow(page, {
    name: "Pinned",
    version: 1,
    nodes: [
      { id: "trigger", type: "trigger", config: {}, position: { x: 0, y: 0 } },
      { id: "source", type: "jsonata", config: { expression: "{ 'n': 1 }" }, position: { x: 300, y: 0 } },
      { id: "shape", type: "jsonata", config: { expression: "n * 100", input: "{{source.result}}" }, position: { x: 600, y: 0 } },
    ],
    edges: [{ id: "e1", source: "trigger", target: "source" }, { id: "e2", source: "source", target: "shape" }],
  });
  await node(page, "shape").click();
  const pins = page.getByTestId("upstream-pins");
  await pins.getByText("Sample data of the nodes before it").click();
  const row = pins.getByTestId("upstream-pin-source");
  await row.getByRole("button", { name: "Pin data" }).click();
  // Not JSON: refused with the parser's reason, nothing pinned.
  await row.getByLabel("Sample data for source (JSON)").fill("{ n: 7 }");
  await row.getByRole("button", { name: "Pin", exact: true }).click();
  await expect(row.getByRole("alert")).toContainText("Not JSON");
  await expect(page.getByTestId("pinned-source")).toHaveCount(0);
  await row.getByLabel("Sample data for source (JSON)").fill('{ "result": { "n": 7 } }');
  await row.getByRole("button", { name: "Pin", exact: true }).click();
  await expect(row).toContainText("Pinned");
  await expect(page.getByTestId("pinned-source")).toBeVisible();

  await page.getByRole("button", { name: "Test this node" }).click();
  await expect(page.getByTestId("node-test-result")).toHaveAttribute("data-status", "completed");
  await expect(page.getByTestId("node-test-result")).toContainText("with the pinned data of source");
  await expect(page.getByTestId("node-test-output")).toContainText("700");
  await page.getByRole("button", { name: "Pin this output" }).click();
  await expect(page.getByTestId("pinned-shape")).toBeVisible();
  if (process.env.SCREENSHOTS === "1") await page.screenshot({ path: "docs/screenshots/pinned-data.png" });

  // Pins are kept with the workflow: after a reload, both marks; unpinned, the real upstream output again.
  await page.reload();
  await expect(page.getByTestId("pinned-source")).toBeVisible();
  await expect(page.getByTestId("pinned-shape")).toBeVisible();
  await node(page, "shape").click();
  await page.getByTestId("upstream-pin-source").getByRole("button", { name: "Edit" }).click();
  await page.getByTestId("upstream-pin-source").getByRole("button", { name: "Unpin" }).click();
  await expect(page.getByTestId("pinned-source")).toHaveCount(0);
  await page.getByRole("button", { name: "Test this node" }).click();
  await expect(page.getByTestId("node-test-output")).toContainText("100");
});
