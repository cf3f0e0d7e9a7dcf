// No poison loops: content storage refuses is made storable (the run completes, the value visibly
// replaced); a checkpoint that can't be written ends the run failed with the reason and nothing is
// sent again; a run that keeps stopping the server at the same point ends failed after 3 recoveries.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { runJournal, runs } from "../../lib/db/schema";
import type { Db } from "../../lib/db/types";
import { REPLACEMENT } from "../../lib/engine/state/storable";
import { launchExecution } from "../../lib/runs/execute";
import { startWorkflowRun } from "../../lib/runs/service";
import { claimLease } from "../../lib/runs/store";
import { describeEachDb, TEST_DB_KINDS } from "../support/db";
import { createUser, createWorkflowRow, edge, getRun, node, workflow } from "./helpers";
import { createServerStore, killAllRunServers, RunServer, ServerDied, startKeyCountingServer, type KeyCountingServer, type ServerStore } from "./server-harness";

// The last resort: a poisoned run whose state can't even be loaded to end it (here, a journal row
// the replay refuses) ends failed without it, instead of being taken up by recovery forever.
describeEachDb("a poisoned run whose state can't be loaded", (getTestDb) => {
  const db = () => getTestDb().handle.db as Db;
  test("ends failed, naming why, and is not left running", async () => {
    const userId = await createUser(db());
    const workflowId = await createWorkflowRow(db(), userId, workflow("unloadable", [node("t", "trigger"), node("o", "output", { name: "done", value: true })], [edge("t", "o")]));
    const started = await startWorkflowRun(db(), { userId }, workflowId, {}, "manual");
    await started.done;
    const runId = started.run.id;
    // Back to running, with a journal entry after its snapshot that no replay accepts.
    await db().update(runs).set({ status: "running", finishedAt: null, leaseOwner: null, leaseExpiresAt: null }).where(eq(runs.id, runId));
    await db().insert(runJournal).values({ runId, seq: 10_000, entries: [42] });
    const owner = "poison-test";
    assert.ok(await claimLease(db(), runId, owner, 60_000));
    await launchExecution(db(), runId, owner, { kind: "poisoned", times: 3 });
    const run = await getRun(db(), runId);
    assert.equal(run.status, "failed");
    assert.match((run.error as { message: string }).message, /stopped the server 3 times at the same point, and its state could not be loaded to end it: /);
  });
});

describeEachDb("unstorable content", (getTestDb) => {
  const db = () => getTestDb().handle.db as Db;
  let server: http.Server;
  let url: string;
  before(async () => {
    process.env.FLOWMAESTRO_ALLOW_PRIVATE_HTTP = "1";
    // JSON text with escaped NUL and a lone surrogate: valid JSON, refused by jsonb once parsed.
    server = http.createServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end('{"text":"a\\u0000b","odd":"\\ud800","k\\u0000":1}'));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  test("NUL and a lone surrogate in an HTTP response and a javascript result: the run completes, values visibly replaced", async () => {
    const user = await createUser(db());
    const wf = await createWorkflowRow(
      db(),
      user,
      workflow(
        "nul",
        [
          node("t", "trigger"),
          node("get", "http", { url: `${url}/nul` }),
          node("js", "javascript", { code: 'return "x" + String.fromCharCode(0) + "y";' }),
          node("o", "output", { name: "both", value: { http: "{{get.data}}", js: "{{js.result}}" } }),
        ],
        [edge("t", "get"), edge("get", "js"), edge("js", "o")],
      ),
    );
    const started = await startWorkflowRun(db(), { userId: user }, wf, {}, "manual");
    await started.done;
    const run = await getRun(db(), started.run.id);
    assert.equal(run.status, "completed", JSON.stringify(run.error));
    assert.deepEqual(run.outputs, { both: { http: { text: `a${REPLACEMENT}b`, odd: REPLACEMENT, [`k${REPLACEMENT}`]: 1 }, js: `x${REPLACEMENT}y` } });
  });
});

for (const kind of TEST_DB_KINDS) {
  describe(`faults that stop runs [${kind}]`, { timeout: 10 * 60_000 }, () => {
    let counting: KeyCountingServer;
    let store: ServerStore;
    let env: Record<string, string>;
    const withDb = <T,>(work: (db: Db) => Promise<T>) => store.withDb(work);
    const chain = (name: string) =>
      workflow(
        name,
        [node("t", "trigger"), node("a", "http", { method: "POST", url: `${counting.url}/a` }), node("b", "http", { method: "POST", url: `${counting.url}/b` }), node("o", "output", { name: "done", value: true })],
        [edge("t", "a"), edge("a", "b"), edge("b", "o")],
      );
    const sent = (runId: string) => Object.fromEntries([...counting.keys].filter(([k]) => k.startsWith(`${runId}:`)).map(([k, n]) => [k.slice(runId.length + 1), n]));

    before(async () => {
      counting = await startKeyCountingServer();
      store = await createServerStore(kind);
      env = store.env;
    });
    after(async () => {
      await killAllRunServers();
      await counting.close();
      await store.cleanup();
    });

    test("a checkpoint that can't be written ends the run failed with the reason; nothing is sent again", async () => {
      const { userId, workflowId } = await withDb(async (db) => {
        const userId = await createUser(db);
        return { userId, workflowId: await createWorkflowRow(db, userId, chain("unsaved")) };
      });
      const server = await RunServer.start({ ...env, FLOWMAESTRO_FAULTS: "fail-checkpoint:2" });
      const runId = String((await server.call("start", { userId, workflowId })).runId);
      assert.equal((await server.call("await", { runId })).status, "failed");
      await server.kill();
      // Another server, sweeping for orphans, finds nothing to recover.
      const next = await RunServer.start(env);
      assert.equal((await next.call("await", { runId })).status, "failed");
      await next.kill();
      await withDb(async (db) => {
        const run = await getRun(db, runId);
        assert.match(String((run.error as { message?: string }).message), /progress could not be saved: injected failure of checkpoint 2/);
        assert.equal(run.leaseOwner, null);
      });
      assert.deepEqual(sent(runId), { "a:1": 1 }, "a was sent once; b never");
    });

    test("a run that stops the server again and again at the same point ends failed after 3 recoveries", async () => {
      const { userId, workflowId } = await withDb(async (db) => {
        const userId = await createUser(db);
        return { userId, workflowId: await createWorkflowRow(db, userId, chain("poison")) };
      });
      // The first server stores checkpoint 1 (t done) and dies before checkpoint 2 (a done).
      const first = await RunServer.start({ ...env, FLOWMAESTRO_FAULTS: "kill-before-checkpoint:2" });
      const runId = String((await first.call("start", { userId, workflowId })).runId);
      assert.ok((await first.exited) instanceof ServerDied);
      // Two recoveries die at the same point (their first checkpoint, a's completion).
      for (let i = 0; i < 2; i++) {
        // It may die before it is ready (PGlite recovers at start-up) or while asked about the run.
        const again = await RunServer.start({ ...env, FLOWMAESTRO_FAULTS: "kill-before-checkpoint:1" }).catch((error: unknown) => {
          if (error instanceof ServerDied) return null;
          throw error;
        });
        if (!again) continue;
        await again.call("await", { runId }).catch((error: unknown) => assert.ok(error instanceof ServerDied));
        await again.exited;
      }
      const last = await RunServer.start(env);
      assert.equal((await last.call("await", { runId })).status, "failed");
      await last.kill();
      await withDb(async (db) => {
        const [run] = await db.select().from(runs).where(eq(runs.id, runId));
        assert.equal((run.error as { message?: string }).message, "this run stopped the server 3 times at node a");
      });
      assert.deepEqual(sent(runId), { "a:1": 3 }, "a, in flight at each stop, went out under the same key each time");
    });
  });
}
