/**
 * Issue 18's latency and throughput goals, over real HTTP against `next start`: a 3-step workflow
 * (trigger → 3 variable nodes) started with an API key and `?wait=true`, one run after another
 * (median, p95), then 32 clients at once (runs/s, p95). A user signs up and makes the key through
 * the UI in Chromium; the runs are plain `fetch` calls from this process (keep-alive).
 */
import { chromium } from "@playwright/test";
import { createTestPostgresDatabase } from "../lib/db/testing";
import type { DbKind } from "../lib/db/types";
import { percentile } from "./canvas";
import { round, type BenchRow } from "./engine";
import { startNextServer, type BenchServer } from "./next-server";

const FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
const SEQUENTIAL = 200;
const CLIENTS = 32;
const CONCURRENT_RUNS = 640;

const threeSteps = {
  version: 1,
  name: "three steps",
  nodes: [
    { id: "t", type: "trigger", config: {} },
    { id: "a", type: "variable", config: { name: "a", value: "{{inputs.n}}" } },
    { id: "b", type: "variable", config: { name: "b", value: 2 } },
    { id: "c", type: "variable", config: { name: "c", value: 3 } },
  ],
  edges: [
    { id: "e1", source: "t", target: "a" },
    { id: "e2", source: "a", target: "b" },
    { id: "e3", source: "b", target: "c" },
  ],
};

/** A server with a signed-up user, an API key and the three-step workflow; `pid`: the server process's (for memory). */
export type Target = { url: string; key: string; baseURL: string; pid: number };

/** One server per database kind in this bench process, with a user, a key and the workflow. */
const targets = new Map<DbKind, Promise<Target>>();

export async function prepare(kind: DbKind): Promise<Target> {
  const database = kind === "postgres" ? await createTestPostgresDatabase(process.env.DATABASE_URL || undefined) : null;
  // Dropped once the bench is done ("exit" can't wait for it; drop closes the server's connections).
  if (database) process.once("beforeExit", () => void database.drop().catch((error: unknown) => console.warn(`bench: could not drop ${database.name}: ${String(error)}`)));
  const server: BenchServer = await startNextServer(database?.url);
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: FLAGS });
  try {
    const page = await (await browser.newContext({ baseURL: server.baseURL })).newPage();
    await page.goto("/sign-up");
    await page.getByLabel("Email").fill(`rest-${Date.now().toString(36)}@example.com`);
    await page.getByLabel("Password").fill("correct horse battery");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(/\/workflows$/);
    await page.goto("/settings/api-keys");
    await page.getByLabel("Key name").fill("bench");
    await page.getByRole("button", { name: "Create key" }).click();
    const key = (await page.getByTestId("new-api-key").textContent())!.trim();
    const workflowId = await createWorkflow(server.baseURL, key, threeSteps);
    return { url: `${server.baseURL}/api/workflows/${workflowId}/runs?wait=true`, key, baseURL: server.baseURL, pid: server.pid };
  } finally {
    await browser.close();
  }
}

/** Creates a workflow with `definition` over the REST API; its id. */
export async function createWorkflow(baseURL: string, key: string, definition: { name: string }): Promise<string> {
  const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
  const created = await fetch(`${baseURL}/api/workflows`, { method: "POST", headers, body: JSON.stringify({ name: definition.name }) });
  const { workflow } = (await created.json()) as { workflow: { id: string } };
  const current = (await (await fetch(`${baseURL}/api/workflows/${workflow.id}`, { headers })).json()) as { workflow: { revision: number } };
  const saved = await fetch(`${baseURL}/api/workflows/${workflow.id}`, { method: "PATCH", headers, body: JSON.stringify({ definition, revision: current.workflow.revision }) });
  if (!saved.ok) throw new Error(`PATCH definition: ${saved.status} ${await saved.text()}`);
  return workflow.id;
}

export async function runOnce(target: Target, n: number): Promise<number> {
  const started = performance.now();
  const response = await fetch(target.url, { method: "POST", headers: { authorization: `Bearer ${target.key}`, "content-type": "application/json" }, body: JSON.stringify({ inputs: { n } }) });
  const body = (await response.json()) as { status?: string };
  if (response.status !== 200 || body.status !== "completed") throw new Error(`run ${n}: ${response.status} ${JSON.stringify(body).slice(0, 200)}`);
  return performance.now() - started;
}

export function target(kind: DbKind): Promise<Target> {
  let found = targets.get(kind);
  if (!found) targets.set(kind, (found = prepare(kind)));
  return found;
}

export async function restSequential(kind: DbKind): Promise<BenchRow> {
  const t = await target(kind);
  for (let i = 0; i < 20; i++) await runOnce(t, -i); // warm-up: first-use imports, prepared plans, connections
  const times: number[] = [];
  for (let i = 0; i < SEQUENTIAL; i++) times.push(await runOnce(t, i));
  const median = percentile(times, 50);
  const p95 = percentile(times, 95);
  return {
    name: `3-step run over REST (API key, ?wait=true) against next start, one after another, ${kind}: median`,
    value: round(median, 1),
    unit: "ms",
    goal: "≤ 10 (p95 ≤ 20)",
    ok: median <= 10 && p95 <= 20,
    detail: `${SEQUENTIAL} runs, p95 ${round(p95, 1)} ms, min ${round(Math.min(...times), 1)} ms`,
  };
}

export async function restConcurrent(kind: DbKind): Promise<BenchRow> {
  const t = await target(kind);
  let next = 0;
  const times: number[] = [];
  const wall = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < CONCURRENT_RUNS) times.push(await runOnce(t, next++));
    }),
  );
  const seconds = (performance.now() - wall) / 1000;
  const rate = CONCURRENT_RUNS / seconds;
  const goal = kind === "postgres" ? 250 : 100;
  const p95 = percentile(times, 95);
  return {
    name: `3-step runs over REST against next start, ${CLIENTS} clients at once, ${kind}: runs/s`,
    value: round(rate, 1),
    unit: "runs/s",
    goal: `≥ ${goal} (p95 ≤ 250 ms)`,
    ok: rate >= goal && p95 <= 250,
    detail: `${CONCURRENT_RUNS} runs in ${round(seconds, 2)} s, p50 ${round(percentile(times, 50), 0)} ms, p95 ${round(p95, 0)} ms`,
  };
}
