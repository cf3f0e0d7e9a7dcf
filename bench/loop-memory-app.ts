/**
 * Issue 18's memory goal in the app: the 100 KB-per-iteration count loop run by `next start`
 * (started over REST with an API key), 100 iterations and then 10,000, the server's peak RSS read
 * from outside it (VmHWM, bench/proc-memory.ts), reset before each run so the peak is the run's.
 * Growth = the long run's peak minus the short one's.
 */
import type { DbKind } from "../lib/db/types";
import { bigLoop } from "./definitions";
import { round, type BenchRow } from "./engine";
import { largestDescendant, resetPeak, rssKb, vmHwmKb } from "./proc-memory";
import { createWorkflow, target } from "./rest-next";

/** Starts a run of `workflowId` and polls it until it ends; its wall time in ms. */
async function runToEnd(baseURL: string, key: string, workflowId: string): Promise<number> {
  const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
  const started = performance.now();
  const response = await fetch(`${baseURL}/api/workflows/${workflowId}/runs`, { method: "POST", headers, body: "{}" });
  const { runId } = (await response.json()) as { runId?: string };
  if (!runId) throw new Error(`start: ${response.status}`);
  // Polling is the bench's clock here, not a synchronisation: the run's time is read to 500 ms, as an API client would poll.
  for (;;) {
    const run = (await (await fetch(`${baseURL}/api/runs/${runId}`, { headers })).json()) as { status?: string; error?: unknown };
    if (run.status === "completed") return performance.now() - started;
    if (run.status !== "running" && run.status !== "queued") throw new Error(`the loop ended ${run.status}: ${JSON.stringify(run.error).slice(0, 200)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

export async function loopMemoryApp(kind: DbKind, iterations = 10_000, bytes = 100_000): Promise<BenchRow> {
  const t = await target(kind);
  const server = largestDescendant(t.pid);
  const short = await createWorkflow(t.baseURL, t.key, bigLoop(100, bytes));
  const long = await createWorkflow(t.baseURL, t.key, bigLoop(iterations, bytes));
  await runToEnd(t.baseURL, t.key, short); // warm-up: the sandbox, the first loop
  const atRest = rssKb(server) / 1024;
  if (!resetPeak(server)) throw new Error("can't reset the server's VmHWM (/proc/<pid>/clear_refs)");
  await runToEnd(t.baseURL, t.key, short);
  const before = vmHwmKb(server)! / 1024;
  resetPeak(server);
  const ms = await runToEnd(t.baseURL, t.key, long);
  const after = vmHwmKb(server)! / 1024;
  const growth = after - before;
  return {
    name: `${iterations.toLocaleString("en")}-iteration loop, ${bytes / 1000} KB output each, in next start on ${kind}: server's peak RSS growth over 100 iterations (from outside, VmHWM)`,
    value: round(growth, 1),
    unit: "MB",
    goal: "≤ 150, ≤ 10 s",
    ok: growth <= 150 && ms <= 10_000,
    detail: `server at rest ${round(atRest, 0)} MB; peaks ${round(before, 0)} MB (100 iterations) and ${round(after, 0)} MB; ${Math.round(ms)} ms for ${iterations.toLocaleString("en")}`,
  };
}
