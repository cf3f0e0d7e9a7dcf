/**
 * Issue 14's live-run goal: a 300-node run sending about 200 events per second keeps the run page's
 * frame time p95 ≤ 20 ms. A chain of 300 delays of 5 ms (two events each: started, completed;
 * about 200 per second on this machine, the row says how many) after a 3 s delay that gives the
 * page time to open and subscribe; frames are stamped with requestAnimationFrame from the first
 * node shown running to the last completed; Chromium against `next start`.
 */
import { round, type BenchRow } from "./engine";
import { createWorkflow, delayChain, percentile, withSignedInPage } from "./canvas";

export async function canvasEvents(count = 300, ms = 10): Promise<BenchRow> {
  return withSignedInPage(async (page) => {
    const id = await createWorkflow(page, delayChain(count, ms));
    const started = await page.request.post(`/api/workflows/${id}/runs`, { headers: { origin: new URL(page.url()).origin }, data: { inputs: {} } });
    if (started.status() !== 202) throw new Error(`POST runs: ${started.status()} ${await started.text()}`);
    const { runId } = (await started.json()) as { runId: string };
    await page.goto(`/runs/${runId}`);
    // Stamps every frame from the first delay running to the output completed (a string: see canvas-drag.ts).
    await page.evaluate(`(() => {
      const frames = (window.__frames = []);
      const first = () => { const status = document.querySelector('[data-testid="node-d0"]')?.getAttribute("data-run-status"); return status !== undefined && status !== null && status !== "queued"; };
      const last = () => document.querySelector('[data-testid="node-out"]')?.getAttribute("data-run-status") === "completed";
      const tick = (t) => { if (last()) { window.__framesDone = true; return; } if (first()) frames.push(t); requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
    })()`);
    await page.waitForFunction(() => (window as unknown as { __framesDone?: boolean }).__framesDone === true, null, { timeout: 120_000, polling: 500 });
    const frames = (await page.evaluate("window.__frames")) as number[];
    const deltas = frames.slice(1).map((t, i) => t - frames[i]);
    const events = (await (await page.request.get(`/api/runs/${runId}/events`)).text()).split("\n").filter((line) => line.startsWith("data: ")).map((line) => JSON.parse(line.slice(6)) as { type: string; at: number; key?: { nodeId: string } });
    const live = events.filter((e) => e.key && /^d\d+$/.test(e.key.nodeId));
    const seconds = (live.at(-1)!.at - live[0].at) / 1000;
    const p95 = percentile(deltas, 95);
    return {
      name: `live run of ${count} nodes on the run page: frame time p95`,
      value: round(p95, 1),
      unit: "ms",
      goal: "≤ 20",
      ok: p95 <= 20,
      detail: `${live.length} node events in ${round(seconds, 2)} s (${Math.round(live.length / seconds)}/s), ${deltas.length} frames, p50 ${round(percentile(deltas, 50), 1)} ms, max ${round(Math.max(...deltas), 1)} ms`,
    };
  });
}
