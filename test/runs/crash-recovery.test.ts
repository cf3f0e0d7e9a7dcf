// SIGKILL the process executing a run mid-way, start it again: the run completes with the same
// outputs as an undisturbed run, and no node that had completed runs again. A paused run
// survives a restart and resumes. On the embedded store and on PostgreSQL.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { join } from "node:path";
import { rmSync } from "node:fs";
import { openDb } from "../../lib/db/client";
import type { Db, DbHandle } from "../../lib/db/types";
import { startWorkflowRun } from "../../lib/runs/service";
import { RECOVERY_SEQ_GAP } from "../../lib/runs/session";
import { listEvents, listNodeRuns } from "../../lib/runs/store";
import { createTestDataDir, createTestPostgresDatabase, TEST_DB_KINDS } from "../support/db";
import { callNode, createUser, createWorkflowRow, edge, getRun, node, startCountingServer, workflow, type CountingServer } from "./helpers";

const fixture = join(import.meta.dirname, "fixtures/server-process.ts");

interface Child {
  process: ChildProcess;
  lines: AsyncIterator<string>;
  exited: Promise<number | null>;
}

function spawnServer(env: Record<string, string>, args: string[]): Child {
  const child = spawn(process.execPath, ["--import", "tsx", fixture, ...args], {
    env: { ...process.env, DATABASE_URL: "", FLOWMAESTRO_ALLOW_PRIVATE_HTTP: "1", FLOWMAESTRO_RUN_LEASE_MS: "1500", FLOWMAESTRO_SWEEP_MS: "200", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { process: child, lines, exited };
}

async function nextJson(child: Child): Promise<Record<string, unknown>> {
  const line = await child.lines.next();
  if (line.done) throw new Error(`the server process ended early (exit ${await child.exited})`);
  return JSON.parse(line.value) as Record<string, unknown>;
}

for (const kind of TEST_DB_KINDS) {
  describe(`crash recovery [${kind}]`, { timeout: 600_000 }, () => {
    let server: CountingServer;
    let env: Record<string, string>;
    let cleanup: () => Promise<void>;
    const open = (): Promise<DbHandle> => openDb(kind === "pglite" ? { dataDir: env.FLOWMAESTRO_DATA_DIR } : { databaseUrl: env.DATABASE_URL, poolSize: 2 });
    async function withDb<T>(work: (db: Db) => Promise<T>): Promise<T> {
      const handle = await open(); // PGlite: one process at a time, so the test closes it before a child starts
      try {
        return await work(handle.db);
      } finally {
        await handle.close();
      }
    }

    before(async () => {
      process.env.FLOWMAESTRO_ALLOW_PRIVATE_HTTP = "1";
      server = await startCountingServer();
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
    after(async () => {
      await server.close();
      await cleanup();
    });

    test("a run killed mid-way completes after a restart; completed nodes never run twice", async () => {
      const chain = ["n1", "n2", "n3", "n4"];
      const definition = workflow(
        "chain",
        [node("t", "trigger"), ...chain.map((id, i) => callNode(id, server, i === 0 ? "start" : `{{${chain[i - 1]}.data.got}}>${id}`)), node("o", "output", { name: "trail", value: "{{n4.data.got}}" })],
        [edge("t", "n1"), edge("n1", "n2"), edge("n2", "n3"), edge("n3", "n4"), edge("n4", "o")],
      );
      const { userId, workflowId, baseline } = await withDb(async (db) => {
        const userId = await createUser(db);
        const workflowId = await createWorkflowRow(db, userId, definition);
        const undisturbed = await startWorkflowRun(db, { userId }, workflowId, {}, "manual");
        await undisturbed.done;
        return { userId, workflowId, baseline: (await getRun(db, undisturbed.run.id)).outputs };
      });
      assert.deepEqual(baseline, { trail: "start>n2>n3>n4" });
      const before = new Map(server.calls);

      // n3's request is held: when it arrives, n2's completion is already committed (the engine
      // checkpoints before it dispatches the next node).
      server.hold.add("n3");
      const held = new Promise<void>((resolve) => (server.onHeld = () => resolve()));
      const first = spawnServer(env, ["start", userId, workflowId]);
      const { runId } = (await nextJson(first)) as { runId: string };
      await held;
      first.process.kill("SIGKILL");
      await first.exited;
      server.hold.delete("n3");

      if (kind === "postgres") {
        const midway = await withDb((db) => listEvents(db, runId));
        assert.ok(midway.some((e) => e.type === "node.completed" && (e.payload as { key: { nodeId: string } }).key.nodeId === "n2"), "n2's completion was stored before the kill");
      }
      const second = spawnServer(env, ["wait", runId]);
      assert.deepEqual(await nextJson(second), { status: "completed" });
      assert.equal(await second.exited, 0);

      await withDb(async (db) => {
        const run = await getRun(db, runId);
        assert.deepEqual(run.outputs, baseline);
        const calls = Object.fromEntries(chain.map((id) => [id, (server.calls.get(id) ?? 0) - (before.get(id) ?? 0)]));
        // n3 was in flight at the kill, so it runs again (at-least-once); n1 and n2 had completed.
        assert.deepEqual(calls, { n1: 1, n2: 1, n3: 2, n4: 1 });
        const events = await listEvents(db, runId);
        // Seqs never repeat: the recovered execution continues RECOVERY_SEQ_GAP further on (the dead one
        // may have published seqs it never stored), and says so with run.recovered.
        const seqs = events.map((e) => e.seq);
        const at = events.findIndex((e) => e.type === "run.recovered");
        assert.ok(at > 0, "the recovered execution's first event is run.recovered");
        assert.deepEqual(seqs.slice(0, at), seqs.slice(0, at).map((_, i) => i), "the stored part before the crash is whole");
        assert.equal(seqs[at], seqs[at - 1] + 1 + RECOVERY_SEQ_GAP);
        assert.deepEqual(seqs.slice(at), seqs.slice(at).map((_, i) => seqs[at] + i), "no seq lost or repeated after the restart");
        const started = (id: string) => events.filter((e) => e.type === "node.started" && (e.payload as { key: { nodeId: string } }).key.nodeId === id).length;
        // The killed attempt of n3 never reached a checkpoint, so its node.started was not stored either.
        assert.deepEqual(chain.map(started), [1, 1, 1, 1]);
        const completed = (id: string) => events.filter((e) => e.type === "node.completed" && (e.payload as { key: { nodeId: string } }).key.nodeId === id).length;
        assert.deepEqual(["t", ...chain, "o"].map(completed), [1, 1, 1, 1, 1, 1], "every node completed exactly once");
        const rows = await listNodeRuns(db, runId);
        assert.ok(rows.every((r) => r.status === "completed"), JSON.stringify(rows.map((r) => [r.nodeId, r.status])));
      });
    });

    test("a paused run survives a restart and resumes", async () => {
      const definition = workflow(
        "ask",
        [node("t", "trigger"), node("ask", "human_input", { reason: "size?" }), node("o", "output", { name: "answer", value: "{{ask.userInput.size}}" })],
        [edge("t", "ask"), edge("ask", "o")],
      );
      const { userId, workflowId } = await withDb(async (db) => {
        const userId = await createUser(db);
        return { userId, workflowId: await createWorkflowRow(db, userId, definition) };
      });
      const first = spawnServer(env, ["start", userId, workflowId]);
      const { runId } = (await nextJson(first)) as { runId: string };
      assert.deepEqual(await nextJson(first), { status: "paused" });
      first.process.kill("SIGKILL");
      await first.exited;
      const second = spawnServer(env, ["resume", userId, runId, "ask", JSON.stringify({ size: 42 })]);
      assert.deepEqual(await nextJson(second), { before: "paused" });
      assert.deepEqual(await nextJson(second), { status: "completed" });
      assert.equal(await second.exited, 0);
      await withDb(async (db) => assert.deepEqual((await getRun(db, runId)).outputs, { answer: 42 }));
    });
  });
}
