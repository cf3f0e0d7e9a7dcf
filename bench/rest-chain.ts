/**
 * Issue 18's "1,000-node chain persisted ≤ 0.5 ms per node", measured the way a user gets it: a
 * chain of 1,000 variable nodes started over REST with an API key and `?wait=true` against
 * `next start`, through the app's one run pipeline (lib/runs/session.ts, its durability rule: the
 * pure nodes' checkpoints are grouped). Time per node is the request's wall time over 1,000; the
 * median of 5 runs after a warm-up run. `chain-pglite`/`chain-postgres` (bench/persisted.ts) keep
 * measuring the store with a checkpoint per node, the worst case a run of side-effecting nodes pays.
 */
import type { DbKind } from "../lib/db/types";
import { percentile } from "./canvas";
import { chain } from "./definitions";
import { round, type BenchRow } from "./engine";
import { createWorkflow, target } from "./rest-next";

const LENGTH = 1000;
const RUNS = 5;

export async function restChain(kind: DbKind): Promise<BenchRow> {
  const t = await target(kind);
  const workflowId = await createWorkflow(t.baseURL, t.key, chain(LENGTH));
  const url = `${t.baseURL}/api/workflows/${workflowId}/runs?wait=true`;
  const once = async (): Promise<number> => {
    const started = performance.now();
    const response = await fetch(url, { method: "POST", headers: { authorization: `Bearer ${t.key}`, "content-type": "application/json" }, body: "{}" });
    const body = (await response.json()) as { status?: string };
    if (response.status !== 200 || body.status !== "completed") throw new Error(`chain run: ${response.status} ${JSON.stringify(body).slice(0, 200)}`);
    return (performance.now() - started) / LENGTH;
  };
  await once(); // warm-up: the plan's first build, first-use imports
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(await once());
  const median = percentile(times, 50);
  return {
    name: `chain of ${LENGTH} variable nodes over REST (?wait=true) against next start, ${kind}: time per node (median of ${RUNS})`,
    value: round(median, 3),
    unit: "ms",
    goal: "≤ 0.5",
    ok: median <= 0.5,
    detail: `runs ${times.map((x) => round(x, 3)).join(", ")} ms/node`,
  };
}
