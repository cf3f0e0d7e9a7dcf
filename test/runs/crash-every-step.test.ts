// Kill the server at every step of a run's life: for every checkpoint N of a reference workflow
// (trigger → http → human_input → parallel of 3 http → loop of 3 javascript → approval → output),
// a server SIGKILLs itself right before and right after its Nth checkpoint write
// (FLOWMAESTRO_FAULTS); a fresh server (or, on PostgreSQL, a second instance that was running all
// along) takes over, waitpoints are answered when asked, and the run must complete with the
// undisturbed run's outputs, every node instance having sent its request under one idempotency key
// (attempt 1), at most twice (only an attempt in flight at the kill goes again), and one run.started.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Db } from "../../lib/db/types";
import { TEST_DB_KINDS } from "../support/db";
import { createUser, createWorkflowRow, edge, node, workflow } from "./helpers";
import { createServerStore, killAllRunServers, RunServer, ServerDied, startKeyCountingServer, type KeyCountingServer, type ServerStore } from "./server-harness";

const reference = (url: string) =>
  workflow(
    "crash reference",
    [
      node("t", "trigger"),
      node("fetch", "http", { method: "POST", url: `${url}/fetch`, body: { step: "fetch" } }),
      node("ask", "human_input", { reason: "How many?" }),
      node("par", "parallel", { mode: "count", count: 3 }),
      node("call", "http", { method: "POST", url: `${url}/call`, body: { branch: "{{parallel.index}}", size: "{{ask.userInput.size}}" } }, { parentId: "par" }),
      node("shape", "javascript", { code: "return data.data.got;", input: "{{call}}" }, { parentId: "par" }),
      node("lp", "loop", { mode: "count", count: 3 }),
      node("double", "javascript", { code: "return data.i * 2;", input: { i: "{{loop.index}}" } }, { parentId: "lp" }),
      node("ok", "approval", { message: "Ship it?" }),
      node("out", "output", { name: "result", value: { fetched: "{{fetch.data.name}}", branches: "{{par.results}}", doubled: "{{lp.results}}", decision: "{{ok.decision}}" } }),
    ],
    [edge("t", "fetch"), edge("fetch", "ask"), edge("ask", "par"), { id: "call-shape", source: "call", target: "shape" }, edge("par", "lp"), edge("lp", "ok"), edge("ok", "out", "approved")],
  );

const answerFor = (kind: unknown) => (kind === "approval" ? { decision: "approved", by: "crash-test" } : { size: 3 });

/** Answers waitpoints until the run ends; its final status. Rejects with ServerDied when the server dies. */
async function driveToEnd(server: RunServer, userId: string, runId: string): Promise<string> {
  for (;;) {
    const settled = (await server.call("await", { runId })) as { status: string; waiting: { id: string; kind: string }[] };
    if (settled.status !== "paused") return settled.status;
    for (const wp of settled.waiting) await server.call("resume", { userId, runId, waitpointId: wp.id, input: answerFor(wp.kind) });
  }
}

for (const kind of TEST_DB_KINDS) {
  describe(`crash at every step [${kind}]`, { timeout: 60 * 60_000 }, () => {
    let http: KeyCountingServer;
    let store: ServerStore;
    let env: Record<string, string>;
    let userId: string;
    let workflowId: string;
    const withDb = <T,>(work: (db: Db) => Promise<T>) => store.withDb(work);

    before(async () => {
      http = await startKeyCountingServer();
      store = await createServerStore(kind);
      env = store.env;
      ({ userId, workflowId } = await withDb(async (db) => {
        const user = await createUser(db);
        return { userId: user, workflowId: await createWorkflowRow(db, user, reference(http.url)) };
      }));
    });
    after(async () => {
      await killAllRunServers();
      await http.close();
      await store.cleanup();
    });

    /** Starts the run on `server`; when the server dies before answering, the run is found through `successor`. */
    async function startOn(server: RunServer, seen: Set<string>, successor: () => Promise<RunServer>): Promise<string> {
      try {
        return String((await server.call("start", { userId, workflowId })).runId);
      } catch (error) {
        if (!(error instanceof ServerDied)) throw error;
        const ids = ((await (await successor()).call("runs", { userId })).ids as string[]).filter((id) => !seen.has(id));
        assert.equal(ids.length, 1, "the run was created before the server died");
        return ids[0];
      }
    }

    async function check(server: RunServer, runId: string, baseline: unknown, label: string): Promise<void> {
      const { run, events, unfinished } = (await server.call("inspect", { runId, userId })) as {
        run: { status: string; error: unknown; outputs: unknown };
        events: { type: string; seq: number }[];
        unfinished: string[];
      };
      assert.equal(run.status, "completed", `${label}: ${JSON.stringify(run.error)}`);
      assert.deepEqual(run.outputs, baseline, label);
      assert.equal(events.filter((e) => e.type === "run.started").length, 1, `${label}: one run.started`);
      assert.ok(events.every((e, i) => i === 0 || e.seq > events[i - 1].seq), `${label}: seqs increase`);
      assert.deepEqual(unfinished, [], `${label}: no run is left unfinished`);
      const keys = [...http.keys].filter(([key]) => key.startsWith(`${runId}:`));
      // fetch + 3 branch calls, each under one key: attempt 1 (a re-dispatch after the crash keeps it).
      assert.deepEqual(keys.map(([key]) => key.slice(runId.length + 1)).sort(), ["fetch:1", "par[0]/call:1", "par[1]/call:1", "par[2]/call:1"], label);
      for (const [key, count] of keys) assert.ok(count <= 2, `${label}: ${key} sent ${count} times`);
      // Only attempts in flight at the kill go again: at most the three parallel calls.
      assert.ok(keys.filter(([, count]) => count === 2).length <= 3, label);
    }

    /**
     * One run on `doomed`, armed to die at `fault`; a fresh server (or, with `standby`, a second
     * instance running all along) finishes it. Returns the surviving server, armed next: one
     * process start per scenario.
     */
    async function scenario(
      doomed: RunServer,
      fault: string,
      baseline: unknown,
      seen: Set<string>,
      { standby, mayFinish }: { standby: boolean; mayFinish: boolean },
    ): Promise<{ survivor: RunServer; died: boolean }> {
      const label = `${fault}${standby ? " (taken over by a second instance)" : ""}`;
      const other = standby ? await RunServer.start(env) : null;
      let successor: RunServer | null = other;
      const successorOnce = async () => (successor ??= await RunServer.start(env));
      await doomed.call("arm", { faults: fault });
      const runId = await startOn(doomed, seen, successorOnce);
      seen.add(runId);
      const first = await driveToEnd(doomed, userId, runId).catch((error: unknown) => {
        if (error instanceof ServerDied) return "died";
        throw error;
      });
      if (first !== "died") {
        // The last checkpoints' count varies by one or two (the three parallel completions may share
        // a checkpoint or not): a run that wrote fewer ends before N, and must still be right.
        assert.ok(mayFinish, `${label}: the server died at that checkpoint (the run ended ${first})`);
        assert.equal(first, "completed", label);
        await check(doomed, runId, baseline, label);
        await other?.kill();
        return { survivor: doomed, died: false };
      }
      await doomed.exited;
      const survivor = await successorOnce();
      assert.equal(await driveToEnd(survivor, userId, runId), "completed", label);
      await check(survivor, runId, baseline, label);
      return { survivor, died: true };
    }

    test("every checkpoint, killed before and after its write, completes like an undisturbed run", async (t) => {
      const seen = new Set<string>();
      let server = await RunServer.start(env);
      const baselineRun = await startOn(server, seen, () => assert.fail("the undisturbed server died"));
      seen.add(baselineRun);
      assert.equal(await driveToEnd(server, userId, baselineRun), "completed");
      const checkpoints = Number((await server.call("checkpoints")).count);
      const baseline = ((await server.call("inspect", { runId: baselineRun, userId })).run as { outputs: unknown }).outputs;
      assert.deepEqual(baseline, {
        result: {
          fetched: "fetch",
          branches: [0, 1, 2].map((branch) => ({ result: { branch, size: 3 } })),
          doubled: [0, 2, 4].map((result) => ({ result })),
          decision: "approved",
        },
      });
      // The durability rule (spec copy) merges the pure loop's checkpoints into the next write (within
      // its 200 ms, so the count varies with the machine); a crash inside the loop is a kill before that write.
      assert.ok(checkpoints >= 7, `the reference run writes ${checkpoints} checkpoints`);
      t.diagnostic(`the undisturbed run wrote ${checkpoints} checkpoints`);

      let killed = 0;
      for (let n = 1; n <= checkpoints; n++) {
        for (const mode of ["kill-before", "kill-after"] as const) {
          // PostgreSQL: also with a second instance running all along, which takes the run over.
          for (const standby of kind === "postgres" ? [false, true] : [false]) {
            const fault = `${mode}-checkpoint:${n}`;
            const { survivor, died } = await scenario(server, fault, baseline, seen, { standby, mayFinish: n > checkpoints - 2 });
            server = survivor;
            killed += died ? 1 : 0;
            t.diagnostic(`${fault}${standby ? " (second instance)" : ""}: ${died ? "killed there, then" : "not reached: the run wrote fewer checkpoints, and"} completed like the undisturbed run`);
          }
        }
      }
      t.diagnostic(`${killed} kills`);
      await server.kill();
    });
  });
}
