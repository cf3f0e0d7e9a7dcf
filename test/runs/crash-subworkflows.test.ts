// Kill the server at every step of a sub-workflow call: a parent (trigger → http → workflow node →
// output) calls a child (trigger → http → approval → output). For every checkpoint N the process
// writes (the parent's and the child's, counted together), a server SIGKILLs itself right before and
// right after it (FLOWMAESTRO_FAULTS); a fresh server (or, on PostgreSQL, a second instance running
// all along) takes over, the child's approval is answered when asked, and the family must end like
// an undisturbed one: the parent completed with the same outputs, exactly one child run (a re-sent
// node attempt finds the child it started), each request under one idempotency key (attempt 1) sent
// at most twice, one run.started per run, and no run left unfinished.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Db } from "../../lib/db/types";
import { TEST_DB_KINDS } from "../support/db";
import { createUser, createWorkflowRow, edge, node, setDefinition, workflow } from "./helpers";
import { createServerStore, killAllRunServers, RunServer, ServerDied, startKeyCountingServer, type KeyCountingServer, type ServerStore } from "./server-harness";

const childDefinition = (url: string) =>
  workflow(
    "crash child",
    [
      node("t", "trigger"),
      node("send", "http", { method: "POST", url: `${url}/send`, body: { n: "{{inputs.n}}" } }),
      node("ok", "approval", { message: "Send it?" }),
      node("out", "output", { name: "sent", value: "{{send.data.got.n}}" }),
    ],
    [edge("t", "send"), edge("send", "ok"), edge("ok", "out", "approved")],
  );

const parentDefinition = (url: string, child: string) =>
  workflow(
    "crash parent",
    [
      node("t", "trigger"),
      node("fetch", "http", { method: "POST", url: `${url}/fetch`, body: { step: "fetch" } }),
      node("call", "workflow", { workflow: child, inputs: { n: 7 } }),
      node("out", "output", { name: "result", value: { fetched: "{{fetch.data.name}}", child: "{{call.outputs.sent}}" } }),
    ],
    [edge("t", "fetch"), edge("fetch", "call"), edge("call", "out")],
  );

type Settled = { status: string; waiting: { id: string; kind: string }[] };

/** Answers the family's approvals until `runId` ends; its final status. Rejects with ServerDied when the server dies. */
async function driveToEnd(server: RunServer, userId: string, runId: string): Promise<string> {
  for (;;) {
    const settled = (await server.call("await", { runId })) as Settled;
    if (settled.status !== "paused") return settled.status;
    for (const wp of settled.waiting) {
      if (wp.kind !== "workflow") {
        await server.call("resume", { userId, runId, waitpointId: wp.id, input: { decision: "approved", by: "crash-test" } });
        continue;
      }
      // Waiting for its child: drive the child to its end (which answers this waitpoint).
      const { ids } = (await server.call("children", { runId })) as { ids: string[] };
      for (const child of ids) await driveToEnd(server, userId, child);
    }
    // Paused with nothing open: the child's end answered it a moment ago and the execution that
    // takes the answer in is starting (here, or in the recovery sweep); the loop asks again.
  }
}

for (const kind of TEST_DB_KINDS) {
  describe(`crash at every step of a sub-workflow call [${kind}]`, { timeout: 30 * 60_000 }, () => {
    let http: KeyCountingServer;
    let store: ServerStore;
    let userId: string;
    let parentId: string;

    before(async () => {
      http = await startKeyCountingServer();
      store = await createServerStore(kind);
      ({ userId, parentId } = await store.withDb(async (db: Db) => {
        const user = await createUser(db);
        const child = await createWorkflowRow(db, user, childDefinition(http.url));
        const parent = await createWorkflowRow(db, user, workflow("crash parent", [node("t", "trigger")], []));
        await setDefinition(db, parent, parentDefinition(http.url, child));
        return { userId: user, parentId: parent };
      }));
    });
    after(async () => {
      await killAllRunServers();
      await http.close();
      await store.cleanup();
    });

    async function startOn(server: RunServer, seen: Set<string>, successor: () => Promise<RunServer>): Promise<string> {
      try {
        return String((await server.call("start", { userId, workflowId: parentId })).runId);
      } catch (error) {
        if (!(error instanceof ServerDied)) throw error;
        const survivor = await successor();
        // Created before the server died, maybe with its child: the parent is the new run nobody calls.
        const ids = ((await survivor.call("runs", { userId })).ids as string[]).filter((id) => !seen.has(id));
        const called = new Set<string>();
        for (const id of ids) for (const child of ((await survivor.call("children", { runId: id })).ids as string[])) called.add(child);
        const parents = ids.filter((id) => !called.has(id));
        assert.equal(parents.length, 1, "the run was created before the server died");
        return parents[0];
      }
    }

    async function check(server: RunServer, runId: string, baseline: unknown, label: string, seen: Set<string>): Promise<void> {
      const inspect = async (id: string) =>
        (await server.call("inspect", { runId: id, userId })) as { run: { status: string; error: unknown; outputs: unknown }; events: { type: string; seq: number }[]; unfinished: string[] };
      const parent = await inspect(runId);
      assert.equal(parent.run.status, "completed", `${label}: ${JSON.stringify(parent.run.error)}`);
      assert.deepEqual(parent.run.outputs, baseline, label);
      assert.deepEqual(parent.unfinished, [], `${label}: no run is left unfinished`);
      const { ids: children } = (await server.call("children", { runId })) as { ids: string[] };
      assert.equal(children.length, 1, `${label}: exactly one child run`);
      for (const child of children) seen.add(child);
      const child = await inspect(children[0]);
      assert.equal(child.run.status, "completed", `${label}: the child ${JSON.stringify(child.run.error)}`);
      for (const [who, events] of [["parent", parent.events], ["child", child.events]] as const) {
        assert.equal(events.filter((e) => e.type === "run.started").length, 1, `${label}: one run.started (${who})`);
        assert.ok(events.every((e, i) => i === 0 || e.seq > events[i - 1].seq), `${label}: seqs increase (${who})`);
      }
      const sent = [...http.keys].filter(([key]) => key.startsWith(`${runId}:`) || key.startsWith(`${children[0]}:`));
      assert.deepEqual(sent.map(([key]) => key.slice(key.indexOf(":") + 1)).sort(), ["fetch:1", "send:1"], label);
      for (const [key, count] of sent) assert.ok(count <= 2, `${label}: ${key} sent ${count} times`);
    }

    test("every checkpoint of parent and child, killed before and after its write, ends like an undisturbed call", async (t) => {
      const seen = new Set<string>();
      let server = await RunServer.start(store.env);
      const baselineRun = await startOn(server, seen, () => assert.fail("the undisturbed server died"));
      seen.add(baselineRun);
      assert.equal(await driveToEnd(server, userId, baselineRun), "completed");
      const checkpoints = Number((await server.call("checkpoints")).count);
      const baseline = ((await server.call("inspect", { runId: baselineRun, userId })).run as { outputs: unknown }).outputs;
      assert.deepEqual(baseline, { result: { fetched: "fetch", child: 7 } });
      await check(server, baselineRun, baseline, "undisturbed", seen);
      t.diagnostic(`the undisturbed call wrote ${checkpoints} checkpoints (parent and child)`);

      let killed = 0;
      for (let n = 1; n <= checkpoints; n++) {
        for (const mode of ["kill-before", "kill-after"] as const) {
          for (const standby of kind === "postgres" ? [false, true] : [false]) {
            const fault = `${mode}-checkpoint:${n}`;
            const label = `${fault}${standby ? " (taken over by a second instance)" : ""}`;
            const other = standby ? await RunServer.start(store.env) : null;
            let successor: RunServer | null = other;
            const successorOnce = async () => (successor ??= await RunServer.start(store.env));
            await server.call("arm", { faults: fault });
            const runId = await startOn(server, seen, successorOnce);
            seen.add(runId);
            const first = await driveToEnd(server, userId, runId).catch((error: unknown) => {
              if (error instanceof ServerDied) return "died";
              throw error;
            });
            if (first !== "died") {
              // The last checkpoints' count varies by one (a completion may share a checkpoint): a run that wrote fewer ends before N.
              assert.ok(n > checkpoints - 2, `${label}: the server died at that checkpoint (the call ended ${first})`);
              assert.equal(first, "completed", label);
              await check(server, runId, baseline, label, seen);
              await other?.kill();
              t.diagnostic(`${label}: not reached, completed like the undisturbed call`);
              continue;
            }
            await server.exited;
            server = await successorOnce();
            assert.equal(await driveToEnd(server, userId, runId), "completed", label);
            await check(server, runId, baseline, label, seen);
            killed += 1;
            t.diagnostic(`${label}: killed there, then completed like the undisturbed call`);
          }
        }
      }
      t.diagnostic(`${killed} kills`);
      await server.kill();
    });
  });
}
