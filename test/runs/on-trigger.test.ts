// With TRIGGER_SECRET_KEY set, new runs go to Trigger.dev: the run row says so and the app's own
// recovery leaves it alone. Trigger.dev's API can't run here: a loopback server stands in for it
// and refuses the key, which must fail the run with a clear message (not leave it pending).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { runs } from "../../lib/db/schema";
import type { Db } from "../../lib/db/types";
import { RunServiceError } from "../../lib/runs/errors";
import { recoverRuns } from "../../lib/runs/recovery";
import { startWorkflowRun } from "../../lib/runs/service";
import { describeEachDb } from "../support/db";
import { createUser, createWorkflowRow, node, workflow } from "./helpers";

const requests: string[] = [];
const api = http.createServer((req, res) => {
  requests.push(`${req.method} ${req.url}`);
  res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error: "Invalid API key" }));
});

before(async () => {
  await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
  process.env.TRIGGER_SECRET_KEY = "tr_dev_refused";
  process.env.TRIGGER_API_URL = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
});
after(() => {
  delete process.env.TRIGGER_SECRET_KEY;
  delete process.env.TRIGGER_API_URL;
  api.close();
});

describeEachDb("runs on Trigger.dev", (getTestDb) => {
  test("a refused trigger fails the run row with the reason; recovery leaves Trigger.dev runs alone", async () => {
    const db = getTestDb().handle.db as Db;
    const user = await createUser(db);
    const wf = await createWorkflowRow(db, user, workflow("remote", [node("t", "trigger")], []));
    await assert.rejects(startWorkflowRun(db, { userId: user }, wf, {}, "api"), (e: RunServiceError) => e.code === "conflict" && /Trigger.dev did not accept the run: .*Invalid API key/.test(e.message));
    assert.ok(requests.includes("POST /api/v1/tasks/execute-workflow/trigger"));
    const [row] = await db.select().from(runs).where(eq(runs.workflowId, wf));
    assert.equal(row.runtime, "trigger.dev");
    assert.equal(row.status, "failed");
    await db.update(runs).set({ status: "pending" }).where(eq(runs.id, row.id));
    assert.deepEqual(await recoverRuns(db, { force: true }), []);
  });
});
