// Deadlines: a paused approval whose deadline passes while no server runs times out (TIMEOUT, down
// its error port) when a server process starts again: the run worker reads due waitpoints from
// the database at start-up. Real processes (the run tests' server stand-in), both databases.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { openDb } from "../../lib/db/client";
import type { Db, DbHandle } from "../../lib/db/types";
import { createTestDataDir, createTestPostgresDatabase, TEST_DB_KINDS } from "../support/db";
import { createUser, createWorkflowRow, getRun } from "../runs/helpers";
import { approvalFlow } from "./helpers";

const fixture = join(import.meta.dirname, "../runs/fixtures/server-process.ts");

function server(env: Record<string, string>, args: string[]) {
  const child = spawn(process.execPath, ["--import", "tsx", fixture, ...args], { env: { ...process.env, DATABASE_URL: "", ...env }, stdio: ["ignore", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const next = async () => {
    const line = await lines.next();
    if (line.done) throw new Error(`the server process ended early (exit ${await exited})`);
    return JSON.parse(line.value) as Record<string, unknown>;
  };
  return { child, next, exited };
}

for (const kind of TEST_DB_KINDS) {
  describe(`approval deadlines [${kind}]`, { timeout: 120_000 }, () => {
    let env: Record<string, string>;
    let cleanup: () => Promise<void>;
    const open = (): Promise<DbHandle> => openDb(kind === "pglite" ? { dataDir: env.FLOWMAESTRO_DATA_DIR } : { databaseUrl: env.DATABASE_URL, poolSize: 2 });
    async function withDb<T>(work: (db: Db) => Promise<T>): Promise<T> {
      const handle = await open();
      try {
        return await work(handle.db);
      } finally {
        await handle.close();
      }
    }
    before(async () => {
      if (kind === "pglite") {
        const dataDir = await createTestDataDir();
        env = { FLOWMAESTRO_DATA_DIR: dataDir };
        cleanup = async () => rmSync(dataDir, { recursive: true, force: true });
      } else {
        const database = await createTestPostgresDatabase();
        env = { DATABASE_URL: database.url };
        cleanup = database.drop;
      }
    });
    after(() => cleanup());

    test("a paused run that passes its deadline while the server is stopped times out when it starts again", async () => {
      const { userId, workflowId } = await withDb(async (db) => {
        const userId = await createUser(db);
        // 1 ms: due as soon as it is paused; the first server never sweeps (its sweep is an hour away).
        return { userId, workflowId: await createWorkflowRow(db, userId, approvalFlow({ message: "m", approvers: ["a@example.test"], timeout: 1 })) };
      });
      const first = server({ ...env, FLOWMAESTRO_SWEEP_MS: "3600000" }, ["start", userId, workflowId]);
      const { runId } = (await first.next()) as { runId: string };
      assert.deepEqual(await first.next(), { status: "paused" });
      first.child.kill("SIGKILL");
      await first.exited;
      await withDb(async (db) => assert.equal((await getRun(db, runId)).status, "paused", "nothing expired it while no server ran"));

      const second = server({ ...env, FLOWMAESTRO_SWEEP_MS: "3600000" }, ["wait", runId]);
      assert.deepEqual(await second.next(), { status: "completed" });
      assert.equal(await second.exited, 0);
      await withDb(async (db) => assert.deepEqual((await getRun(db, runId)).outputs, { timedOut: "TIMEOUT" }));
    });
  });
}
