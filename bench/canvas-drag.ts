/**
 * Issue 14's drag goal: dragging one node of a 1,000-node workflow keeps the frame time p95
 * ≤ 20 ms. Frames are stamped with requestAnimationFrame in the page while Playwright moves the
 * mouse in small steps (one step per frame at most); Chromium 1280×800 against `next start`.
 */
import type { Page } from "@playwright/test";
import { round, type BenchRow } from "./engine";
import { createWorkflow, gridChain, percentile, withSignedInPage } from "./canvas";

async function dragFrames(page: Page, nodeId: string, steps: number): Promise<number[]> {
  // A string: tsx would wrap a named arrow function in a helper the page doesn't have.
  // One stamping loop per drag: a generation number stops the previous one (a shared stop flag,
  // reset here, would let it run on beside the new one and stamp each frame twice, 0 ms apart).
  await page.evaluate(`(() => {
    const generation = (window.__generation = (window.__generation || 0) + 1);
    const frames = (window.__frames = []);
    const tick = (t) => { if (window.__generation !== generation) return; frames.push(t); requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  })()`);
  const box = (await page.getByTestId(`node-${nodeId}`).boundingBox())!;
  const x = box.x + 30;
  const y = box.y + 20;
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let i = 1; i <= steps; i++) await page.mouse.move(x + i * 3, y + i * 2);
  await page.mouse.up();
  const frames = (await page.evaluate("(() => { window.__generation += 1; return window.__frames; })()")) as number[];
  return frames.slice(1).map((t, i) => t - frames[i]);
}

export async function canvasDrag(count = 1000): Promise<BenchRow> {
  return withSignedInPage(async (page) => {
    const id = await createWorkflow(page, gridChain(count));
    await page.goto(`/workflows/${id}`);
    await page.getByTestId(`node-n${count - 1}`).waitFor({ state: "attached", timeout: 60_000 });
    await dragFrames(page, "n1", 20); // warm-up: code paths compiled, panel opened
    const deltas: number[] = [];
    for (const node of ["n2", "n16", "n31"]) deltas.push(...(await dragFrames(page, node, 60)));
    const p95 = percentile(deltas, 95);
    return {
      name: `dragging a node of a ${count}-node workflow: frame time p95`,
      value: round(p95, 1),
      unit: "ms",
      goal: "≤ 20",
      ok: p95 <= 20,
      detail: `${deltas.length} frames over 3 drags of 60 steps, p50 ${round(percentile(deltas, 50), 1)} ms, max ${round(Math.max(...deltas), 1)} ms`,
    };
  });
}
