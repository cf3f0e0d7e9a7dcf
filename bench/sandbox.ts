/**
 * Issue 12's sandbox goals. `sandbox-timeouts`: against `next start` (bench/next-server.ts), a run
 * of 32 parallel `while (true) {}` javascript nodes with timeoutMs 200: each must fail TIMEOUT
 * within 1 s and /api/health, polled all along, must keep a p95 under 100 ms.
 * `sandbox-parallel`: two CPU-bound javascript nodes in parallel vs one alone (engine in this
 * process, the sandbox pool sized to the cores): the wall-time ratio is ~1 when they use two cores.
 */
import { startRun } from "../lib/engine";
import { sandboxPool } from "../lib/engine/sandbox/pool";
import { createWorkflow, percentile, withSignedInPage, type Def } from "./canvas";
import { plan, round, type BenchRow } from "./engine";

const LOOPS = 32;

function busyLoops(): Def {
  const nodes: Def["nodes"] = [{ id: "t", type: "trigger", config: {}, position: { x: 0, y: 0 } }];
  for (let i = 0; i < LOOPS; i++) {
    nodes.push({ id: `loop${i}`, type: "javascript", config: { code: "while (true) {}" }, position: { x: 300, y: i * 120 }, timeoutMs: 200 } as Def["nodes"][number]);
  }
  const edges = nodes.slice(1).map((n, i) => ({ id: `e${i}`, source: "t", target: n.id }));
  return { version: 1, name: "sandbox timeouts", nodes, edges };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** GET /api/health one after another (10 ms apart) until `until` settles; the latencies. */
async function pollHealth(baseURL: string, until: Promise<unknown>): Promise<number[]> {
  let running = true;
  void until.finally(() => (running = false));
  const latencies: number[] = [];
  while (running) {
    const started = performance.now();
    await fetch(`${baseURL}/api/health`).then((r) => r.arrayBuffer());
    latencies.push(performance.now() - started);
    await sleep(10);
  }
  return latencies;
}

type NodeResult = { status: string; attempts: number; durationMs?: number; error?: { code: string } };

export async function sandboxTimeouts(): Promise<BenchRow> {
  return withSignedInPage(async (page, baseURL) => {
    const workflowId = await createWorkflow(page, busyLoops());
    // Warm-up: the server's first javascript run starts its sandbox processes.
    await page.request.post(`/api/workflows/${workflowId}/runs?wait=true`, { data: { inputs: {} }, timeout: 120_000 });
    const idle = await pollHealth(baseURL, sleep(2000));
    const started = performance.now();
    const request = page.request.post(`/api/workflows/${workflowId}/runs?wait=true`, { data: { inputs: {} }, timeout: 120_000 });
    const latencies = await pollHealth(baseURL, request);
    const response = await request;
    const wall = performance.now() - started;
    const result = (await response.json()) as { status: string; nodes: Record<string, NodeResult> };
    const loops = Object.entries(result.nodes).filter(([id]) => id.startsWith("loop")).map(([, node]) => node);
    const timedOut = loops.filter((node) => node.status === "failed" && node.error?.code === "TIMEOUT" && node.attempts === 1);
    const slowest = Math.max(...loops.map((node) => node.durationMs ?? Infinity));
    const p95 = percentile(latencies, 95);
    const ok = timedOut.length === LOOPS && slowest <= 1000 && p95 < 100;
    return {
      name: `${LOOPS} parallel busy-loop javascript nodes (timeoutMs 200) on next start: /api/health p95`,
      value: round(p95, 1),
      unit: "ms",
      goal: "each TIMEOUT ≤ 1 s; health p95 < 100 ms",
      ok,
      detail: `${timedOut.length}/${LOOPS} TIMEOUT, slowest ${slowest} ms, run ${Math.round(wall)} ms, health max ${round(Math.max(...latencies), 1)} ms over ${latencies.length} polls; idle server before: p95 ${round(percentile(idle, 95), 1)} ms`,
    };
  });
}

const CPU = "let x = 0; for (let i = 0; i < 3e6; i++) x = (x + i * i) % 1000003; return x";

function cpuNodes(count: number) {
  const nodes = [{ id: "t", type: "trigger", config: {} }, ...Array.from({ length: count }, (_, i) => ({ id: `cpu${i}`, type: "javascript", config: { code: CPU } }))];
  return { version: 1, name: `cpu ${count}`, nodes, edges: nodes.slice(1).map((n, i) => ({ id: `e${i}`, source: "t", target: n.id })) };
}

async function wallOf(count: number): Promise<number> {
  const started = performance.now();
  const { result } = await startRun({ plan: plan(cpuNodes(count)), options: { handler: { scriptTimeoutMs: 60_000 } } });
  if (result.status !== "completed") throw new Error(`cpu run ended ${result.status}: ${JSON.stringify(result.error)}`);
  return performance.now() - started;
}

export async function sandboxParallel(): Promise<BenchRow> {
  const pool = sandboxPool();
  await pool.warm(2, { keepAlive: true });
  await wallOf(2); // warm-up
  const ones: number[] = [];
  const twos: number[] = [];
  for (let i = 0; i < 3; i++) {
    ones.push(await wallOf(1));
    twos.push(await wallOf(2));
  }
  const one = percentile(ones, 50);
  const two = percentile(twos, 50);
  const ratio = two / one;
  return {
    name: "two parallel CPU-bound javascript nodes: wall time / one node's",
    value: round(ratio, 2),
    unit: "×",
    goal: "≤ 1.3 (two cores)",
    ok: ratio <= 1.3,
    detail: `one ${Math.round(one)} ms, two ${Math.round(two)} ms (medians of 3), pool of ${pool.size}`,
  };
}
