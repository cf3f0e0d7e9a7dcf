// GET /api/runs/:id/events: a client that drops and reconnects with Last-Event-ID misses and
// duplicates nothing (compared with run_events); events another process writes also arrive.
import { test } from "node:test";
import assert from "node:assert/strict";
import { activeRuns } from "../../lib/runs/active";
import { resumeRunById, startWorkflowRun } from "../../lib/runs/service";
import { listEvents, saveCheckpoint, loadRun } from "../../lib/runs/store";
import { createApiKey } from "../../lib/auth/api-keys";
import { personalWorkspaceOf } from "../../lib/workspaces/members";
import { createUser, createWorkflowRow, edge, node, workflow } from "../runs/helpers";
import { eventsRoute, runRoute } from "./routes";
import { call, describeEachAppDb } from "./support";

process.env.FLOWMAESTRO_SSE_POLL_MS = "100";

type Received = { id: number; data: { type: string } };

/** Reads SSE messages until `stop` says so (or the stream ends), then drops the connection. */
async function read(response: Response, stop: (got: Received[]) => boolean): Promise<{ got: Received[]; ended: boolean }> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const got: Received[] = [];
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return { got, ended: true };
    buffer += value;
    let cut: number;
    while ((cut = buffer.indexOf("\n\n")) !== -1) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const id = /^id: (\d+)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (id !== undefined && data !== undefined) got.push({ id: Number(id), data: JSON.parse(data) });
      if (stop(got)) {
        await reader.cancel();
        return { got, ended: false };
      }
    }
  }
}

describeEachAppDb("run events over SSE", (db) => {
  const definition = workflow(
    "sse",
    [node("t", "trigger"), node("v1", "variable", { name: "a", value: 1 }), node("v2", "variable", { name: "b", value: 2 }), node("ask", "human_input", { reason: "go?" }), node("v3", "variable", { name: "c", value: 3 }), node("o", "output", { value: "{{var.c}}" })],
    [edge("t", "v1"), edge("v1", "v2"), edge("v2", "ask"), edge("ask", "v3"), edge("v3", "o")],
  );

  test("drop and reconnect with Last-Event-ID: every event exactly once, in order", { timeout: 30_000 }, async () => {
    const user = await createUser(db());
    const { key } = await createApiKey(db(), { userId: user }, await personalWorkspaceOf(db(), user), "sse", "admin");
    const auth = { authorization: `Bearer ${key}` };
    const workflowId = await createWorkflowRow(db(), user, definition);
    const started = await startWorkflowRun(db(), { userId: user }, workflowId, {}, "manual");
    const runId = started.run.id;
    const get = (headers: Record<string, string>, query = "") => call(eventsRoute.GET, `/api/runs/${runId}/events${query}`, { id: runId }, { headers: { ...auth, ...headers } });

    // First connection: drop after three events, mid-stream.
    const first = await read(await get({}), (got) => got.length === 3);
    // Second: resume from the last id (header); drop once the run has paused.
    const second = await read(await get({ "last-event-id": String(first.got.at(-1)!.id) }), (got) => got.some((e) => e.data.type === "run.paused"));
    await started.done;
    const resumed = await resumeRunById(db(), { userId: user }, runId, { nodeId: "ask" }, {});
    // Third: the query-string form, while the run continues; the stream ends after run.finished.
    const third = await read(await get({}, `?lastEventId=${second.got.at(-1)!.id}`), () => false);
    await resumed.done;
    assert.equal(third.ended, true);
    const all = [...first.got, ...second.got, ...third.got];
    const stored = await listEvents(db(), runId);
    assert.deepEqual(all.map((e) => e.id), stored.map((e) => e.seq));
    assert.deepEqual(all.map((e) => e.data.type), stored.map((e) => e.type));
    assert.equal(all.at(-1)?.data.type, "run.finished");

    // A reconnect after the end gets nothing more and ends at once.
    const late = await read(await get({ "last-event-id": String(all.at(-1)!.id) }), () => false);
    assert.equal(late.got.length, 0);
  });

  /** A run of `definition` paused at its human_input node, and an API key of its owner. */
  async function pausedRun() {
    const user = await createUser(db());
    const { key } = await createApiKey(db(), { userId: user }, await personalWorkspaceOf(db(), user), "sse", "admin");
    const workflowId = await createWorkflowRow(db(), user, definition);
    const started = await startWorkflowRun(db(), { userId: user }, workflowId, {}, "manual");
    await started.done;
    return { user, key, runId: started.run.id };
  }

  test("events written by another process (no in-process bus) arrive through the poll", { timeout: 30_000 }, async () => {
    const { key, runId } = await pausedRun();
    const last = (await listEvents(db(), runId)).at(-1)!.seq;
    const response = await call(eventsRoute.GET, `/api/runs/${runId}/events`, { id: runId }, { headers: { authorization: `Bearer ${key}`, "last-event-id": String(last) } });
    const reading = read(response, (got) => got.length === 1);
    const loaded = await loadRun(db(), runId);
    await saveCheckpoint(db(), runId, { state: loaded!.snapshot!.state, seq: last + 1, events: [{ seq: last + 1, type: "run.note", payload: { type: "run.note", from: "elsewhere" } }] });
    const { got } = await reading;
    assert.deepEqual(got, [{ id: last + 1, data: { type: "run.note", from: "elsewhere" } }]);
    assert.equal(activeRuns.has(runId), false);
  });

  // A reader that already applied a later event (sent before it is stored) can tell the result is behind.
  test("the run result names the last event it reflects until the run ends", { timeout: 30_000 }, async () => {
    const { user, key, runId } = await pausedRun();
    const get = () => call(runRoute.GET, `/api/runs/${runId}`, { id: runId }, { headers: { authorization: `Bearer ${key}` } });
    const paused = await get();
    assert.equal(((await paused.json()) as { status: string }).status, "paused");
    assert.equal(paused.headers.get("FlowMaestro-Run-Seq"), String((await listEvents(db(), runId)).at(-1)!.seq));
    const resumed = await resumeRunById(db(), { userId: user }, runId, { nodeId: "ask" }, {});
    await resumed.done;
    const ended = await get();
    assert.equal(((await ended.json()) as { status: string }).status, "completed");
    assert.equal(ended.headers.get("FlowMaestro-Run-Seq"), null, "an ended run's result is final");
  });
});
