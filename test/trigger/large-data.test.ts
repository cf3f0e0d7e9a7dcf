// Large data on the Trigger.dev path: a node's 5 MB output stays in the app's database and
// crosses the platform as a reference, and so do the config and scope of the node that reads it
// (over the 1 MB threshold; the platform's item limit is 3 MB); the stand-in enforces the platform's limits,
// and nothing it records is over 1 MB.
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { eq } from "drizzle-orm";
import { triggerBlobs } from "../../lib/db/schema";
import type { Db } from "../../lib/db/types";
import type { NodeTask, NodeTaskResult } from "../../lib/engine";
import { BLOB_THRESHOLD_BYTES, inflateOutput, inflateTask, offloadOutput, offloadTask } from "../../lib/runs/trigger/blobs";
import { describeEachDb } from "../support/db";
import { edge, getRun, node, workflow } from "../runs/helpers";
import { createStoredRun, withTriggerSession } from "./harness";

const BIG = "x".repeat(5 * 1024 * 1024);
let server: http.Server;
let url = "";

before(async () => {
  process.env.FLOWMAESTRO_ALLOW_PRIVATE_HTTP = "1";
  server = http.createServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ blob: BIG })));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

describeEachDb("large data on the Trigger.dev path", (getTestDb) => {
  test("a 5 MB output and the scope that carries it travel by reference", async () => {
    const db = getTestDb().handle.db as Db;
    const definition = workflow(
      "big",
      [node("t", "trigger"), node("a", "http", { method: "GET", url: `${url}/big` }), node("o", "output", { name: "blob", value: "{{a.data.blob}}" })],
      [edge("t", "a"), edge("a", "o")],
    );
    const { runId } = await createStoredRun(db, definition);
    await withTriggerSession(db, async ({ standIn, start }) => {
      const outcome = await start(runId);
      assert.equal(outcome.status, "completed", JSON.stringify(outcome));
      assert.ok(standIn.recorded.length >= 4);
      for (const text of standIn.recorded) assert.ok(Buffer.byteLength(text) < BLOB_THRESHOLD_BYTES + 64 * 1024, `a recorded payload or result of ${Buffer.byteLength(text)} bytes`);
      assert.ok(standIn.recorded.some((text) => text.includes('"$fmBlob"')), "references crossed the platform");
      assert.ok(Buffer.byteLength(JSON.stringify(outcome)) < 1024, "the coordinator's own output is small");
    });
    const run = await getRun(db, runId);
    assert.equal(run.status, "completed");
    // a's whole output was kept in the app's database, and so was o's attempt (its config and scope
    // carry the value as the engine keeps it: cut at 1 MB, as on the embedded runtime).
    const blobs = await db.select({ bytes: triggerBlobs.bytes }).from(triggerBlobs).where(eq(triggerBlobs.runId, runId));
    assert.equal(blobs.filter((b) => b.bytes >= BIG.length).length, 1, JSON.stringify(blobs));
    assert.equal(blobs.length, 2, JSON.stringify(blobs));
  });

  test("a resumed agent's large carry, and a pause's large details, travel by reference and come back whole", async () => {
    const db = getTestDb().handle.db as Db;
    const { runId } = await createStoredRun(db, workflow("carry", [node("t", "trigger")], []));
    const conversation = { messages: [{ role: "tool", content: "y".repeat(2 * 1024 * 1024) }] };
    const task: NodeTask = {
      runId,
      key: { nodeId: "ask", path: [] },
      nodeId: "ask",
      type: "agent",
      attempt: 1,
      instance: "ask",
      attemptStartedAt: 1,
      config: { prompt: "p" },
      scope: {},
      triggerPayload: null,
      delayMs: 0,
      resumed: { conversation },
      resumedFrom: "wp_1",
    };
    const sent = await offloadTask(db, task);
    assert.equal(sent.resumed, undefined, "the carry is not in the payload");
    assert.equal(sent.resumedFrom, "wp_1", "what names the execution stays");
    assert.ok(Buffer.byteLength(JSON.stringify(sent)) < 4096);
    assert.deepEqual(await inflateTask(db, sent), task);

    const paused: NodeTaskResult = { key: task.key, kind: "pause", pause: { kind: "workflow", timeoutMs: 1000, details: { childRunId: "run_c", agent: { conversation } } }, config: {} };
    const out = await offloadOutput(db, runId, paused);
    assert.ok(Buffer.byteLength(JSON.stringify(out)) < 4096, "the pause's details are not in the task's output");
    assert.deepEqual(await inflateOutput(db, runId, out), paused);
  });
});
