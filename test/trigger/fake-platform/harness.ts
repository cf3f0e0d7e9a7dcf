/**
 * One fake Trigger.dev per test file: the fake API (./server.ts), a pool of worker processes
 * (./pool.ts) running the project's tasks through @trigger.dev/sdk against it, and a throwaway
 * PostgreSQL database with migrations (the tasks refuse PGlite). The test process is the app: it
 * starts runs with the real startOnTrigger and answers/cancels/reconciles through the real SDK
 * control (lib/runs/trigger/control.ts), all pointed at the fake with TRIGGER_API_URL.
 */
import { randomBytes } from "node:crypto";
import { createTestDb, type TestDb } from "../../../lib/db/testing";
import type { Db } from "../../../lib/db/types";
import { startOnTrigger } from "../../../lib/runs/trigger/start";
import { TEST_DB_KINDS } from "../../support/db";
import { createStoredRun } from "../harness";
import { startWorkerPool, type WorkerPool } from "./pool";
import { startFakeServer, type FakeServer } from "./server";
import { FINAL, type FakeRun } from "./state";

/**
 * Why the fake-platform tests can't run here, or false. The tasks refuse PGlite, so these run on
 * PostgreSQL only: TEST_DATABASE_URL's server (default the local one, as every other test), unless
 * FLOWMAESTRO_TEST_DBS leaves PostgreSQL out.
 */
export function fakePlatformSkip(): string | false {
  return TEST_DB_KINDS.includes("postgres") ? false : "FLOWMAESTRO_TEST_DBS leaves PostgreSQL out: the Trigger.dev tasks refuse PGlite, so the fake-platform tests need TEST_DATABASE_URL's PostgreSQL";
}

export interface FakeTrigger {
  db: Db;
  server: FakeServer;
  pool: WorkerPool;
  /** Creates the run row (runtime trigger.dev) and starts it with the app's startOnTrigger (POST …/trigger). */
  start(definition: { name: string }, inputs?: Record<string, unknown>, prepare?: (ownerId: string) => Promise<unknown>): Promise<{ runId: string; ownerId: string; triggerRunId: string }>;
  /** The coordinator run once it has ended on the platform. */
  ended(triggerRunId: string): Promise<FakeRun>;
  /** The token the coordinator waits on, once it waits (wait.forToken reached the supervisor). */
  waitingOnToken(triggerRunId: string): Promise<string>;
  /** Once the coordinator waits on a batch: the batch id. */
  waitingOnBatch(triggerRunId: string): Promise<string>;
  /** Every recorded request body, for secret checks. */
  bodies(): string[];
  /** Worker output so far and the platform's runs (for assertion messages). */
  logs(): string;
  close(): Promise<void>;
}

const ENV_KEYS = ["TRIGGER_API_URL", "TRIGGER_SECRET_KEY", "FLOWMAESTRO_SECRET_KEY", "FLOWMAESTRO_ALLOW_PRIVATE_HTTP"] as const;

export async function startFakeTrigger({ workers = 4, env = {} }: { workers?: number; env?: Record<string, string> } = {}): Promise<FakeTrigger> {
  const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
  const testDb: TestDb = await createTestDb("postgres");
  const secretKey = `tr_prod_fake${randomBytes(12).toString("hex")}`;
  const server = await startFakeServer({ secretKey, onCancelWorker: (id) => pool.kill(id) });
  // The app side (this process) reaches the fake through the SDK, as the workers do.
  process.env.TRIGGER_API_URL = server.url;
  process.env.TRIGGER_SECRET_KEY = secretKey;
  process.env.FLOWMAESTRO_SECRET_KEY ??= randomBytes(32).toString("base64");
  process.env.FLOWMAESTRO_ALLOW_PRIVATE_HTTP = "1";
  const pool = startWorkerPool(workers, {
    DATABASE_URL: testDb.databaseUrl!,
    TRIGGER_API_URL: server.url,
    TRIGGER_SECRET_KEY: secretKey,
    FLOWMAESTRO_SECRET_KEY: process.env.FLOWMAESTRO_SECRET_KEY,
    FLOWMAESTRO_ALLOW_PRIVATE_HTTP: "1",
    ...env,
  });
  const db = testDb.handle.db as Db;
  const coordinator = (id: string) => {
    const run = server.state.run(id);
    if (!run) throw new Error(`the fake has no run ${id}`);
    return run;
  };
  return {
    db,
    server,
    pool,
    async start(definition, inputs = {}, prepare) {
      const { runId, ownerId } = await createStoredRun(db, definition, inputs);
      await prepare?.(ownerId);
      const { triggerRunId } = await startOnTrigger(runId, { db });
      return { runId, ownerId, triggerRunId };
    },
    ended: (id) => server.state.until(() => (FINAL.has(coordinator(id).status) ? coordinator(id) : undefined)) as Promise<FakeRun>,
    waitingOnToken: (id) => server.state.until(() => /^token:(.+)$/.exec(coordinator(id).waitingOn ?? "")?.[1]) as Promise<string>,
    waitingOnBatch: (id) => server.state.until(() => /^batch:(.+)$/.exec(coordinator(id).waitingOn ?? "")?.[1]) as Promise<string>,
    bodies: () => server.requests.map((r) => r.body),
    logs: () => `${pool.logs.join("").slice(-4000)}\nruns: ${JSON.stringify([...server.state.runs.values()].slice(-20).map((r) => [r.id, r.taskId, r.status, r.attempt, r.result && !r.result.ok ? r.result.error : undefined]))}`,
    async close() {
      await pool.close();
      await server.close();
      await testDb.cleanup();
      for (const k of ENV_KEYS) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
    },
  };
}
