// The run service on both databases: runs go through the real engine and the real store.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { nodeRuns, runEvents, runs, secrets, waitpoints } from "../../lib/db/schema";
import type { Db } from "../../lib/db/types";
import { RunServiceError } from "../../lib/runs/errors";
import { cancelRunById, getRunResult, resumeRunById, startWorkflowRun } from "../../lib/runs/service";
import { rerunById } from "../../lib/runs/rerun";
import { listEvents, listNodeRuns, requestCancel } from "../../lib/runs/store";
import { expireDueWaitpoints } from "../../lib/runs/recovery";
import { setSecret } from "../../lib/secrets/store";
import { personalWorkspaceOf } from "../../lib/workspaces/members";
import { describeEachDb } from "../support/db";
import { callNode, createUser, createWorkflowRow, edge, getRun, isNodeEvent, node, setDefinition, startCountingServer, waitForEvent, workflow, type CountingServer } from "./helpers";

let server: CountingServer;
before(async () => {
  process.env.FLOWMAESTRO_ALLOW_PRIVATE_HTTP = "1";
  server = await startCountingServer();
});
after(() => server.close());

const linear = workflow(
  "linear",
  [node("t", "trigger"), node("v", "variable", { name: "twice", value: "{{inputs.n}}{{inputs.n}}" }), node("o", "output", { name: "result", value: "{{var.twice}}" })],
  [edge("t", "v"), edge("v", "o")],
  { inputs: { type: "object", properties: { n: { type: "number" } }, required: ["n"] } },
);

describeEachDb("run service", (getTestDb) => {
  const db = () => getTestDb().handle.db as Db;

  test("a run completes; node_runs and run_events agree; an unchanged definition reuses its version", async () => {
    const user = await createUser(db());
    const wf = await createWorkflowRow(db(), user, linear);
    const first = await startWorkflowRun(db(), { userId: user }, wf, { n: 4 }, "api");
    await first.done;
    const run = await getRun(db(), first.run.id);
    assert.equal(run.status, "completed");
    assert.deepEqual(run.outputs, { result: "44" });
    assert.equal(run.leaseOwner, null);
    const events = await listEvents(db(), run.id);
    assert.deepEqual(events.map((e) => e.seq), events.map((_, i) => i), "seqs are 0..n without gaps");
    assert.equal(events.at(-1)?.type, "run.finished");
    const rows = await listNodeRuns(db(), run.id);
    assert.deepEqual(rows.map((r) => [r.nodeId, r.status]).sort(), [["o", "completed"], ["t", "completed"], ["v", "completed"]]);
    const completedEvents = events.filter((e) => e.type === "node.completed").map((e) => (e.payload as { key: { nodeId: string } }).key.nodeId);
    assert.deepEqual(completedEvents.sort(), ["o", "t", "v"]);
    const { result } = await getRunResult(db(), { userId: user }, run.id);
    assert.equal(result?.status, "completed");

    const second = await startWorkflowRun(db(), { userId: user }, wf, { n: 1 }, "api");
    await second.done;
    assert.equal(second.run.versionId, first.run.versionId);
    await setDefinition(db(), wf, { ...linear, name: "changed" });
    const third = await startWorkflowRun(db(), { userId: user }, wf, { n: 1 }, "api");
    await third.done;
    assert.notEqual(third.run.versionId, first.run.versionId);
  });

  test("invalid inputs and someone else's workflow are refused, nothing stored", async () => {
    const user = await createUser(db());
    const stranger = await createUser(db(), "stranger");
    const wf = await createWorkflowRow(db(), user, linear);
    await assert.rejects(startWorkflowRun(db(), { userId: user }, wf, { n: "x" }, "api"), (e: RunServiceError) => e.code === "invalid" && /inputs/.test(e.message));
    await assert.rejects(startWorkflowRun(db(), { userId: stranger }, wf, { n: 1 }, "api"), (e: RunServiceError) => e.code === "not_found");
    assert.equal((await db().select().from(runs).where(eq(runs.workflowId, wf))).length, 0);
  });

  test("cancel aborts an in-flight delay", { timeout: 20_000 }, async () => {
    const user = await createUser(db());
    const wf = await createWorkflowRow(db(), user, workflow("slow", [node("t", "trigger"), node("d", "delay", { ms: 600_000 }), node("o", "output", { value: 1 })], [edge("t", "d"), edge("d", "o")]));
    const started = await startWorkflowRun(db(), { userId: user }, wf, {}, "manual");
    await waitForEvent(db(), started.run.id, isNodeEvent("node.completed", "t"));
    const { status } = await cancelRunById(db(), { userId: user }, started.run.id);
    assert.equal(status, "cancelled");
    await started.done;
    const rows = await listNodeRuns(db(), started.run.id);
    assert.equal(rows.find((r) => r.nodeId === "d")?.status, "cancelled");
    const o = rows.find((r) => r.nodeId === "o");
    assert.equal(o?.startedAt ?? null, null, "nothing after the delay ran");
    await assert.rejects(cancelRunById(db(), { userId: user }, started.run.id), (e: RunServiceError) => e.code === "conflict");
  });

  test("two concurrent resumes: exactly one wins", async () => {
    const user = await createUser(db());
    const wf = await createWorkflowRow(
      db(),
      user,
      workflow("ask", [node("t", "trigger"), node("ask", "human_input", { reason: "size?" }), node("o", "output", { name: "answer", value: "{{ask.userInput.size}}" })], [edge("t", "ask"), edge("ask", "o")]),
    );
    const started = await startWorkflowRun(db(), { userId: user }, wf, {}, "manual");
    await started.done;
    assert.equal((await getRun(db(), started.run.id)).status, "paused");
    const attempts = await Promise.allSettled([
      resumeRunById(db(), { userId: user }, started.run.id, { nodeId: "ask" }, { size: 1 }),
      resumeRunById(db(), { userId: user }, started.run.id, { nodeId: "ask" }, { size: 2 }),
    ]);
    const won = attempts.filter((a) => a.status === "fulfilled");
    const lost = attempts.filter((a): a is PromiseRejectedResult => a.status === "rejected");
    assert.equal(won.length, 1);
    assert.equal(lost.length, 1);
    assert.ok(lost[0].reason instanceof RunServiceError && lost[0].reason.code === "conflict", String(lost[0].reason));
    await (won[0] as PromiseFulfilledResult<{ done: Promise<void> }>).value.done;
    const run = await getRun(db(), started.run.id);
    assert.equal(run.status, "completed");
    const winner = attempts[0].status === "fulfilled" ? 1 : 2;
    assert.deepEqual(run.outputs, { answer: winner });
    const completedAsk = (await listEvents(db(), run.id)).filter(isNodeEventRow("node.completed", "ask"));
    assert.equal(completedAsk.length, 1);
    const rows = await db().select().from(waitpoints).where(eq(waitpoints.runId, run.id));
    assert.deepEqual(rows.map((w) => [w.status, w.decision]), [["decided", { size: winner }]]);
    await assert.rejects(resumeRunById(db(), { userId: user }, run.id, { nodeId: "ask" }, { size: 3 }), (e: RunServiceError) => e.code === "conflict");
  });

  test("a run cancelled right as it pauses ends cancelled (the cancel is not lost if the execution stops before the abort reaches it)", async () => {
    const user = await createUser(db());
    const wf = await createWorkflowRow(db(), user, workflow("ask", [node("t", "trigger"), node("ask", "human_input", { reason: "size?" })], [edge("t", "ask")]));
    for (let i = 0; i < 5; i++) {
      const started = await startWorkflowRun(db(), { userId: user }, wf, {}, "manual");
      // The pause is stored (and published) while the execution is still winding down here.
      await waitForEvent(db(), started.run.id, (e) => e.type === "run.paused");
      await cancelRunById(db(), { userId: user }, started.run.id);
      await started.done;
      assert.equal((await getRun(db(), started.run.id)).status, "cancelled", `try ${i + 1}`);
    }
  });

  test("secrets are encrypted at rest and masked in events, node runs and results", async () => {
    const user = await createUser(db());
    const value = `tok-${Math.random().toString(36).slice(2)}-secret`;
    await setSecret(db(), await personalWorkspaceOf(db(), user), user, "TOKEN", value);
    const [row] = await db().select().from(secrets).where(eq(secrets.userId, user));
    assert.ok(!row.valueEncrypted.includes(value));
    const wf = await createWorkflowRow(
      db(),
      user,
      workflow("env", [node("t", "trigger"), callNode("echo", server, "Bearer {{env.TOKEN}}"), node("o", "output", { name: "sent", value: "{{echo.data.got}}" })], [edge("t", "echo"), edge("echo", "o")]),
    );
    const started = await startWorkflowRun(db(), { userId: user }, wf, {}, "manual");
    await started.done;
    const run = await getRun(db(), started.run.id);
    assert.equal(run.status, "completed", JSON.stringify(run.error));
    const stored = JSON.stringify([await listEvents(db(), run.id), await db().select().from(nodeRuns).where(eq(nodeRuns.runId, run.id)), run.result, run.outputs]);
    assert.ok(!stored.includes(value), "the secret value appears in stored events/results");
    assert.ok(stored.includes("Bearer ••••••"));
  });

  test("the run time limit fails a stuck run", { timeout: 20_000 }, async () => {
    const user = await createUser(db());
    const wf = await createWorkflowRow(db(), user, workflow("stuck", [node("t", "trigger"), node("d", "delay", { ms: 600_000 })], [edge("t", "d")]));
    process.env.FLOWMAESTRO_RUN_TIMEOUT_MS = "300";
    try {
      const started = await startWorkflowRun(db(), { userId: user }, wf, {}, "manual");
      await started.done;
      const run = await getRun(db(), started.run.id);
      assert.equal(run.status, "failed");
      assert.match(JSON.stringify(run.error), /time limit/);
    } finally {
      delete process.env.FLOWMAESTRO_RUN_TIMEOUT_MS;
    }
  });

  test("a run stopped by its time limit: its last event, its row and its result all say failed, naming the limit", { timeout: 20_000 }, async () => {
    const user = await createUser(db());
    const wf = await createWorkflowRow(db(), user, workflow("stuck2", [node("t", "trigger"), node("d", "delay", { ms: 600_000 })], [edge("t", "d")]));
    process.env.FLOWMAESTRO_RUN_TIMEOUT_MS = "300";
    try {
      const started = await startWorkflowRun(db(), { userId: user }, wf, {}, "manual");
      await started.done;
      const run = await getRun(db(), started.run.id);
      const limit = /time limit of 300 ms/;
      assert.equal(run.status, "failed");
      assert.match(JSON.stringify(run.error), limit);
      const last = (await listEvents(db(), run.id)).at(-1);
      assert.equal(last?.type, "run.finished");
      const payload = last?.payload as { status: string; error?: { message: string } };
      assert.equal(payload.status, "failed");
      assert.match(payload.error?.message ?? "", limit);
      const { result } = await getRunResult(db(), { userId: user }, run.id);
      assert.equal(result?.status, "failed");
      assert.match(result?.error?.message ?? "", limit);
    } finally {
      delete process.env.FLOWMAESTRO_RUN_TIMEOUT_MS;
    }
  });

  test("rerun repeats the inputs; rerun from the failed node reuses completed outputs", async () => {
    const user = await createUser(db());
    const tag = `p${Math.random().toString(36).slice(2, 8)}`;
    const a = `${tag}a`;
    const b = `${tag}b`;
    server.failFirst.add(b);
    const wf = await createWorkflowRow(
      db(),
      user,
      workflow("flaky", [node("t", "trigger"), callNode(a, server, "{{inputs.n}}"), callNode(b, server, "{{" + a + ".data.got}}"), node("o", "output", { name: "out", value: "{{" + b + ".data.got}}" })], [edge("t", a), edge(a, b), edge(b, "o")]),
    );
    const first = await startWorkflowRun(db(), { userId: user }, wf, { n: 7 }, "api");
    await first.done;
    assert.equal((await getRun(db(), first.run.id)).status, "failed");
    const again = await rerunById(db(), { userId: user }, first.run.id, { fromFailed: true });
    await again.done;
    const run = await getRun(db(), again.run.id);
    assert.equal(run.status, "completed", JSON.stringify(run.error));
    assert.deepEqual(run.outputs, { out: 7 });
    assert.equal(server.calls.get(a), 1, "the completed node was reused, not called again");
    assert.equal(server.calls.get(b), 2);
    assert.deepEqual(run.inputs, { n: 7 });
    const plain = await rerunById(db(), { userId: user }, first.run.id);
    await plain.done;
    assert.equal(server.calls.get(a), 2);
    await assert.rejects(rerunById(db(), { userId: user }, run.id, { fromFailed: true }), (e: RunServiceError) => e.code === "conflict");
  });
});

describeEachDb("run service across processes", (getTestDb) => {
  const db = () => getTestDb().handle.db as Db;

  test("a cancel asked of the process holding the lease (another process) reaches its in-flight delay", { timeout: 20_000 }, async () => {
    process.env.FLOWMAESTRO_RUN_LEASE_MS = "300"; // renewals every 100 ms
    try {
      const user = await createUser(db());
      const wf = await createWorkflowRow(db(), user, workflow("slow", [node("t", "trigger"), node("d", "delay", { ms: 600_000 })], [edge("t", "d")]));
      const started = await startWorkflowRun(db(), { userId: user }, wf, {}, "manual");
      await waitForEvent(db(), started.run.id, isNodeEvent("node.completed", "t"));
      // What cancelRunById does when the run executes in another process: mark the lease.
      assert.equal(await requestCancel(db(), started.run.id), true);
      await started.done;
      const run = await getRun(db(), started.run.id);
      assert.equal(run.status, "cancelled");
      assert.equal(run.leaseOwner, null);
    } finally {
      delete process.env.FLOWMAESTRO_RUN_LEASE_MS;
    }
  });

  test("the sweep expires a due waitpoint and the run goes down its timeout path", { timeout: 20_000 }, async () => {
    const user = await createUser(db());
    const wf = await createWorkflowRow(
      db(),
      user,
      workflow("expiring", [node("t", "trigger"), node("ask", "human_input", { reason: "quick!", timeout: "1s" }), node("late", "output", { name: "late", value: "{{ask.error.code}}" })], [edge("t", "ask"), edge("ask", "late", "error")]),
    );
    const started = await startWorkflowRun(db(), { userId: user }, wf, {}, "manual");
    await started.done;
    assert.deepEqual(await expireDueWaitpoints(db()), [], "not due yet: nothing happens");
    const [open] = await db().select().from(waitpoints).where(eq(waitpoints.runId, started.run.id));
    assert.equal(open.status, "open");
    // Re-check until the expiry time has passed (a condition on the clock, not a fixed wait).
    let swept: string[] = [];
    while (swept.length === 0) {
      if (Date.now() < open.expiresAt!.getTime()) await new Promise((resolve) => setTimeout(resolve, 50));
      swept = await expireDueWaitpoints(db());
    }
    assert.deepEqual(swept, [started.run.id]);
    const { activeRuns } = await import("../../lib/runs/active");
    await activeRuns.get(started.run.id)?.done;
    const run = await getRun(db(), started.run.id);
    assert.equal(run.status, "completed", JSON.stringify(run.error));
    assert.deepEqual(run.outputs, { late: "TIMEOUT" });
    const [closed] = await db().select().from(waitpoints).where(eq(waitpoints.runId, started.run.id));
    assert.equal(closed.status, "expired");
  });
});

const isNodeEventRow = (type: string, nodeId: string) => (e: { type: string; payload: unknown }) => e.type === type && (e.payload as { key?: { nodeId?: string } }).key?.nodeId === nodeId;
void runEvents;
