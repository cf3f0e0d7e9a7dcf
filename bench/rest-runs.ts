/**
 * 100 concurrent REST-triggered runs of a 10-node workflow: POST /api/workflows/:id/runs?wait=true
 * with an API key, through the real route handler behind a loopback HTTP server, on the embedded
 * runtime and the configured store. Reports runs/s, p50/p95 latency, and that none were lost.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { rmSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { closeDb, getDb } from "../lib/db/client";
import { createTestDataDir, createTestPostgresDatabase } from "../lib/db/testing";
import { nodeRuns, runs, users, workflows } from "../lib/db/schema";
import type { DbKind } from "../lib/db/types";
import { createApiKey } from "../lib/auth/api-keys";
import { settleActive } from "../lib/runs/active";
import { workspacesOf } from "../lib/workspaces/members";
import { round, type BenchRow } from "./engine";

const RUNS = 100;
const NODES = 10;

function tenNodes() {
  const middle = Array.from({ length: NODES - 2 }, (_, i) => ({ id: `v${i}`, type: "variable", config: { name: `v${i}`, value: `{{inputs.n}}-${i}` } }));
  const nodes = [{ id: "t", type: "trigger", config: {} }, ...middle, { id: "o", type: "output", config: { name: "last", value: `{{var.v${NODES - 3}}}` } }];
  const ids = nodes.map((n) => n.id);
  const edges = ids.slice(1).map((id, i) => ({ id: `e${i}`, source: ids[i], target: id }));
  return { version: 1, name: "rest bench", nodes, edges };
}

async function serve(): Promise<{ url: string; close(): Promise<void> }> {
  const { POST } = await import("../app/api/workflows/[id]/runs/route");
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const id = /^\/api\/workflows\/([^/]+)\/runs$/.exec(url.pathname)?.[1];
      if (!id || req.method !== "POST") return void res.writeHead(404).end();
      const request = new Request(url, { method: "POST", headers: req.headers as Record<string, string>, body: Buffer.concat(chunks) });
      const response = await POST(request, { params: Promise.resolve({ id }) });
      res.writeHead(response.status, { "content-type": "application/json" }).end(Buffer.from(await response.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export async function restRuns(kind: DbKind): Promise<BenchRow> {
  let cleanup: () => Promise<void>;
  await closeDb();
  if (kind === "pglite") {
    const dataDir = await createTestDataDir();
    process.env.DATABASE_URL = "";
    process.env.FLOWMAESTRO_DATA_DIR = dataDir;
    cleanup = async () => rmSync(dataDir, { recursive: true, force: true });
  } else {
    const database = await createTestPostgresDatabase(process.env.DATABASE_URL || undefined);
    process.env.DATABASE_URL = database.url;
    cleanup = database.drop;
  }
  process.env.FLOWMAESTRO_SECRET_KEY ||= randomBytes(32).toString("base64");
  const server = await serve();
  try {
    const { db } = await getDb();
    const userId = `bench-${kind}`;
    await db.insert(users).values({ id: userId, email: `${userId}@example.test` });
    const workflowId = crypto.randomUUID();
    await db.insert(workflows).values({ id: workflowId, ownerId: userId, name: "rest bench", definition: tenNodes() });
    const [personal] = await workspacesOf(db, userId);
    const { key } = await createApiKey(db, { userId }, personal!.id, "bench", "runner");
    const post = async (n: number) => {
      const started = performance.now();
      const response = await fetch(`${server.url}/api/workflows/${workflowId}/runs?wait=true`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ inputs: { n } }),
      });
      const body = (await response.json()) as { status?: string };
      return { ms: performance.now() - started, ok: response.status === 200 && body.status === "completed" };
    };
    await post(-1); // warm-up: first-use imports and prepared plans are not what this measures
    const wall = performance.now();
    const results = await Promise.all(Array.from({ length: RUNS }, (_, i) => post(i)));
    const seconds = (performance.now() - wall) / 1000;
    await settleActive();
    const latencies = results.map((r) => r.ms).sort((a, b) => a - b);
    const stored = await db.select({ id: runs.id, status: runs.status }).from(runs).where(eq(runs.workflowId, workflowId));
    const completedNodes = await db.select({ runId: nodeRuns.runId }).from(nodeRuns).innerJoin(runs, eq(runs.id, nodeRuns.runId)).where(eq(runs.workflowId, workflowId));
    const lost = RUNS + 1 - stored.filter((r) => r.status === "completed").length + results.filter((r) => !r.ok).length;
    const nodesOk = completedNodes.length === (RUNS + 1) * NODES;
    const rate = RUNS / seconds;
    return {
      name: `${RUNS} concurrent REST-triggered runs of a ${NODES}-node workflow (API key, ?wait=true), ${kind}: runs/s`,
      value: round(rate, 1),
      unit: "runs/s",
      goal: "none lost",
      ok: lost === 0 && nodesOk,
      detail: `p50 ${round(latencies[Math.floor(RUNS * 0.5)], 0)} ms, p95 ${round(latencies[Math.floor(RUNS * 0.95)], 0)} ms, wall ${round(seconds, 2)} s; lost ${lost}; node_runs ${completedNodes.length}/${(RUNS + 1) * NODES}`,
    };
  } finally {
    await server.close();
    await settleActive();
    await closeDb();
    await cleanup();
  }
}
