// Big workflows and long runs in Chromium (issue 14): zoomed out, nodes draw compact (their name
// large, their run status as the fill) and in full again when zoomed in; a run's timeline draws
// its newest entries and keeps the earlier ones behind a button.
import { expect, test, type Page } from "@playwright/test";
import { createWorkflowWithDefinition, signUp, uniqueEmail } from "./helpers";
import { COMPACT_BELOW_ZOOM, COMPACT_NODE_SIZE } from "../components/canvas/level-of-detail";
import { TIMELINE_TAIL } from "../components/runs/RunTimeline";

const zoom = (page: Page) =>
  page.locator(".react-flow__viewport").evaluate((el) => new DOMMatrixReadOnly(getComputedStyle(el).transform).a);

test.beforeEach(async ({ page }) => {
  await signUp(page, uniqueEmail("canvas-scale"));
});

test("a 60-node workflow opens zoomed out with compact nodes; zoomed in they draw in full", async ({ page }) => {
  const ids = Array.from({ length: 60 }, (_, i) => `v${i}`);
  const id = await createWorkflowWithDefinition(page, {
    name: "Sixty variables",
    version: 1,
    nodes: [
      { id: "start", type: "trigger", config: {}, position: { x: 0, y: 0 } },
      ...ids.map((v, i) => ({ id: v, type: "variable", name: `Step ${i}`, config: { name: v, value: i }, position: { x: 320 + (i % 10) * 320, y: Math.floor(i / 10) * 180 } })),
    ],
    edges: ids.map((v, i) => ({ id: `edge${i}`, source: i === 0 ? "start" : ids[i - 1], target: v })),
  });
  // Every node React Flow inserts, and whether it was inserted hidden (waiting to be measured).
  await page.addInitScript(() => {
    const w = window as unknown as { __inserted: { hidden: number; shown: number } };
    w.__inserted = { hidden: 0, shown: 0 };
    new MutationObserver((records) => {
      for (const r of records)
        for (const n of r.addedNodes)
          if (n instanceof HTMLElement && n.classList.contains("react-flow__node")) w.__inserted[n.style.visibility === "hidden" ? "hidden" : "shown"]++;
    }).observe(document, { subtree: true, childList: true });
  });
  await page.goto(`/workflows/${id}`);
  const step = page.getByTestId("node-v7");
  await expect(step).toHaveAttribute("data-compact", "");
  // Presized (level-of-detail.ts): no node waited hidden for its measurement, and the size given
  // up front is the size drawn.
  const inserted = await page.evaluate(() => (window as unknown as { __inserted: { hidden: number; shown: number } }).__inserted);
  expect(inserted).toEqual({ hidden: 0, shown: 61 });
  expect(await page.locator('[data-id="v7"]').evaluate((el) => [(el as HTMLElement).offsetWidth, (el as HTMLElement).offsetHeight])).toEqual([COMPACT_NODE_SIZE.width, COMPACT_NODE_SIZE.height]);
  expect(await zoom(page)).toBeLessThan(COMPACT_BELOW_ZOOM);
  await expect(step).toHaveText("Step 7");
  // Compact nodes come with their size and handles preset (level-of-detail.ts): an edge must still
  // start and end on the handles as drawn. In flow units (the offset on screen over the zoom).
  const ends = await page.evaluate(() => {
    const path = document.querySelector<SVGPathElement>('[data-testid="rf__edge-edge7"] path.react-flow__edge-path')!;
    const screen = (p: DOMPoint) => new DOMPoint(p.x, p.y).matrixTransform(path.getScreenCTM()!);
    const start = screen(path.getPointAtLength(0));
    const end = screen(path.getPointAtLength(path.getTotalLength()));
    const source = document.querySelector('[data-id="v6"] .react-flow__handle.source')!.getBoundingClientRect();
    const target = document.querySelector('[data-id="v7"] .react-flow__handle.target')!.getBoundingClientRect();
    return {
      start: [start.x - source.right, start.y - (source.top + source.height / 2)],
      end: [end.x - target.left, end.y - (target.top + target.height / 2)],
    };
  });
  const scale = await zoom(page);
  for (const offset of [...ends.start, ...ends.end]) expect(Math.abs(offset / scale), `edge ends off their handles: ${JSON.stringify(ends)}`).toBeLessThan(0.5);
  // Zoom in with the canvas controls until past the threshold: the node draws in full, type and id shown.
  for (let i = 0; i < 8 && (await zoom(page)) < COMPACT_BELOW_ZOOM; i++) {
    const before = await zoom(page);
    await page.locator(".react-flow__controls-zoomin").click();
    await expect.poll(() => zoom(page)).toBeGreaterThan(before);
  }
  await expect(step).not.toHaveAttribute("data-compact");
  await expect(step).toContainText("Set variable");
  await expect(step).toContainText("v7");
});

test(`a run's timeline draws its newest ${TIMELINE_TAIL} entries; the earlier ones come with a button`, async ({ page }) => {
  const id = await createWorkflowWithDefinition(page, {
    name: "Many iterations",
    version: 1,
    nodes: [
      { id: "start", type: "trigger", config: {}, position: { x: 0, y: 0 } },
      { id: "repeat", type: "loop", config: { mode: "count", count: 120 }, position: { x: 300, y: 0 }, size: { width: 420, height: 240 } },
      { id: "count", type: "variable", parentId: "repeat", config: { name: "n", value: 1 }, position: { x: 90, y: 90 } },
    ],
    edges: [{ id: "into", source: "start", target: "repeat" }],
  });
  await page.goto(`/workflows/${id}`);
  await page.getByRole("button", { name: "Run", exact: true }).click();
  const panel = page.getByTestId("run-panel");
  await expect(panel.getByTestId("run-status")).toHaveAttribute("data-status", "completed", { timeout: 60_000 });
  const rows = panel.getByTestId("run-timeline").locator("li button:not([data-testid])");
  await expect(rows).toHaveCount(TIMELINE_TAIL);
  await expect(rows.last()).toContainText("completed");
  const earlier = panel.getByTestId("timeline-show-earlier");
  const hidden = Number((await earlier.textContent())!.replace(/\D/g, ""));
  expect(hidden).toBeGreaterThan(0);
  await earlier.click();
  await expect(rows).toHaveCount(TIMELINE_TAIL + hidden);
  await expect(earlier).toHaveCount(0);
});
