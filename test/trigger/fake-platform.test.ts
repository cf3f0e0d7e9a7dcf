// Runs on Trigger.dev through the SDK's HTTP calls against the fake API (test/trigger/fake-platform):
// no secret in anything the platform receives, a 5 MB output and a 1,500-node fan-out within the
// platform's limits, and a rate-limited batch creation (HTTP 429) retried by the coordinator, or,
// when the platform never lets it through, a run row closed failed by the task's onFailure.
// PostgreSQL only (the tasks refuse PGlite).
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { fanOut } from "../../bench/definitions";
import { triggerBlobs } from "../../lib/db/schema";
import { setSecret } from "../../lib/secrets/store";
import { personalWorkspaceOf } from "../../lib/workspaces/members";
import { BLOB_THRESHOLD_BYTES } from "../../lib/runs/trigger/blobs";
import { edge, getRun, node, workflow } from "../runs/helpers";
import { fakePlatformSkip, startFakeTrigger, type FakeTrigger } from "./fake-platform/harness";
import type { LlmStreamChunk } from "../../lib/runs/trigger/contract";
import { FakeOpenAI } from "../handlers/llm-server";
import { LIMITS } from "./fake-platform/state";

const TOKEN = "sk-live-9f8e7d6c5b4a3210";
const base64 = (s: string) => Buffer.from(s).toString("base64");
const BIG = "x".repeat(5 * 1024 * 1024);
const LLM_KEY = "sk-proj-llmkey0123456789abcdef";

describe("Trigger.dev through the SDK and a fake API", { skip: fakePlatformSkip() }, () => {
  let fake: FakeTrigger;
  let openai: FakeOpenAI;
  let server: http.Server;
  let url = "";
  const received: { path: string; authorization?: string; body: string; idempotencyKey?: string }[] = [];

  before(async () => {
    server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        received.push({ path: req.url ?? "", authorization: req.headers.authorization, body, idempotencyKey: req.headers["idempotency-key"] as string | undefined });
        if (req.url === "/big") return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ blob: BIG }));
        const auth = req.headers.authorization ?? "";
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ echoed: auth, encoded: base64(auth) }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    openai = await new FakeOpenAI().start();
    // Waves of up to 1,000 node runs (capped there: the platform's batch limit).
    fake = await startFakeTrigger({ env: { FLOWMAESTRO_TRIGGER_WAVE_SIZE: "5000" } });
  });
  after(async () => {
    await fake?.close();
    openai?.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  // The payload's schema once dropped `instance` and `attemptStartedAt`: every http node of a run on
  // Trigger.dev then sent the key "<run>:undefined:1", and a server honouring it answered the first
  // request for all of them (child run ids, derived from the instance too, collided the same way).
  test("each node's attempt on a worker keeps its instance: http nodes send their own Idempotency-Keys", { timeout: 60_000 }, async () => {
    const seen = received.length;
    const { runId, triggerRunId } = await fake.start(
      workflow("two calls", [node("t", "trigger"), node("first", "http", { method: "POST", url: `${url}/one`, body: {} }), node("second", "http", { method: "POST", url: `${url}/two`, body: {} })], [edge("t", "first"), edge("first", "second")]),
    );
    assert.equal((await fake.ended(triggerRunId)).status, "COMPLETED", fake.logs());
    assert.deepEqual(received.slice(seen).map((r) => r.idempotencyKey), [`${runId}:first:1`, `${runId}:second:1`]);
  });

  test("no request the platform receives holds a secret or its base64; the nodes see the real values", { timeout: 60_000 }, async () => {
    const definition = workflow(
      "secret-echo",
      [
        node("t", "trigger"),
        node("a", "http", { method: "GET", url: `${url}/a`, headers: { Authorization: "Bearer {{env.API_TOKEN}}" } }),
        node("b", "http", { method: "POST", url: `${url}/b`, body: { seen: "{{a.data.echoed}}", encoded: "{{a.data.encoded}}" } }),
        node("o", "output", { name: "echo", value: "{{b.data.echoed}}" }),
      ],
      [edge("t", "a"), edge("a", "b"), edge("b", "o")],
    );
    const before = fake.server.requests.length;
    const { runId, triggerRunId } = await fake.start(definition, {}, async (ownerId) => setSecret(fake.db, await personalWorkspaceOf(fake.db, ownerId), ownerId, "API_TOKEN", TOKEN));
    assert.equal((await fake.ended(triggerRunId)).status, "COMPLETED", fake.logs());
    assert.equal((await getRun(fake.db, runId)).status, "completed");
    const bodies = fake.bodies().slice(before);
    assert.ok(bodies.filter((b) => b.includes('"execute-node"')).length >= 3, "the batch items were recorded");
    for (const text of bodies) {
      assert.ok(!text.includes(TOKEN), `the secret in ${text.slice(0, 300)}`);
      assert.ok(!text.includes(base64(`Bearer ${TOKEN}`)), `its base64 in ${text.slice(0, 300)}`);
      assert.ok(!text.includes(base64(TOKEN).slice(0, 16)), `a base64 fragment in ${text.slice(0, 300)}`);
    }
    assert.ok(bodies.some((text) => text.includes("⟪fm:")), "the secret travels as a reference");
    assert.equal(received.find((r) => r.path === "/a")?.authorization, `Bearer ${TOKEN}`);
    assert.equal((JSON.parse(received.find((r) => r.path === "/b")!.body) as { seen: string }).seen, `Bearer ${TOKEN}`);
  });

  test("LLM text reaches the root run's realtime stream (streams.pipe), masked; the provider key never reaches the platform", { timeout: 60_000 }, async () => {
    openai.queue({ kind: "stream", chunks: ["Hel", "lo ", TOKEN] });
    const definition = workflow("llm", [node("t", "trigger"), node("l", "llm", { model: "gpt-4o-mini", baseUrl: openai.url, messages: [{ role: "user", content: "Say hello" }] })], [edge("t", "l")]);
    const before = fake.server.requests.length;
    const { runId, triggerRunId } = await fake.start(definition, {}, async (ownerId) => {
      const workspaceId = await personalWorkspaceOf(fake.db, ownerId);
      await setSecret(fake.db, workspaceId, ownerId, "OPENAI_API_KEY", LLM_KEY);
      await setSecret(fake.db, workspaceId, ownerId, "API_TOKEN", TOKEN);
    });
    assert.equal((await fake.ended(triggerRunId)).status, "COMPLETED", fake.logs());
    assert.equal((await getRun(fake.db, runId)).status, "completed");
    assert.equal(openai.requests[0]?.headers.authorization, `Bearer ${LLM_KEY}`, "the provider got the real key");
    const chunks = (fake.server.state.streams.get(`${triggerRunId}/llm`) ?? []) as LlmStreamChunk[];
    const text = chunks.map((c) => c.text).join("");
    assert.ok(text.startsWith("Hello "), JSON.stringify(chunks));
    assert.ok(chunks.every((c) => c.nodeId === "l"));
    for (const body of fake.bodies().slice(before)) {
      assert.ok(!body.includes(LLM_KEY), `the provider key in ${body.slice(0, 300)}`);
      assert.ok(!body.includes(TOKEN), `a secret in ${body.slice(0, 300)}`);
    }
  });

  test("a 5 MB output travels by reference, within the platform's payload and output limits", { timeout: 60_000 }, async () => {
    const definition = workflow(
      "big",
      [node("t", "trigger"), node("a", "http", { method: "GET", url: `${url}/big` }), node("o", "output", { name: "blob", value: "{{a.data.blob}}" })],
      [edge("t", "a"), edge("a", "o")],
    );
    const before = fake.server.requests.length;
    const { runId, triggerRunId } = await fake.start(definition);
    assert.equal((await fake.ended(triggerRunId)).status, "COMPLETED", fake.logs());
    const run = await getRun(fake.db, runId);
    assert.equal(run.status, "completed");
    const bodies = fake.bodies().slice(before);
    for (const text of bodies) assert.ok(Buffer.byteLength(text) < BLOB_THRESHOLD_BYTES + 64 * 1024, `a request of ${Buffer.byteLength(text)} bytes`);
    assert.ok(bodies.some((text) => text.includes("$fmBlob")), "references crossed the platform");
    const children = [...fake.server.state.runs.values()].filter((r) => r.parentId === triggerRunId);
    assert.ok(children.every((r) => r.status === "COMPLETED"), JSON.stringify(children.map((r) => r.result)));
    const blobs = await fake.db.select({ bytes: triggerBlobs.bytes }).from(triggerBlobs).where(eq(triggerBlobs.runId, runId));
    assert.equal(blobs.filter((b) => b.bytes >= BIG.length).length, 1, JSON.stringify(blobs));
  });

  test("a 1,500-node fan-out goes out in batches of at most 1,000 and completes", { timeout: 150_000 }, async () => {
    const { runId, triggerRunId } = await fake.start(fanOut(1500, 0));
    assert.equal((await fake.ended(triggerRunId)).status, "COMPLETED", fake.logs());
    const batches = [...fake.server.state.batches.values()].filter((b) => b.parentRunId === triggerRunId).map((b) => b.runCount);
    assert.deepEqual(batches, [1, LIMITS.batchItems, 500, 1]);
    const run = await getRun(fake.db, runId);
    assert.equal(run.status, "completed");
    assert.deepEqual(run.outputs, { done: true });
    assert.deepEqual(fake.server.state.violations, []);
  });

  test("a batch refused for the rate limit (HTTP 429) is retried by the coordinator and the run completes", { timeout: 60_000 }, async () => {
    const switches = fake.server.batchSwitches;
    switches.rateLimit = 2;
    switches.rateLimited = 0;
    try {
      const definition = workflow("limited", [node("t", "trigger"), node("o", "output", { name: "x", value: "1" })], [edge("t", "o")]);
      const { runId, triggerRunId } = await fake.start(definition);
      const ended = await fake.ended(triggerRunId);
      assert.equal(ended.status, "COMPLETED", fake.logs());
      assert.equal(ended.attempt, 1, "retried inside the attempt, not by the platform");
      assert.equal(switches.rateLimited, 2);
      assert.equal((await getRun(fake.db, runId)).status, "completed");
    } finally {
      switches.rateLimit = 0;
    }
  });

  test("a run whose batches are always rate limited ends with its row closed failed (onFailure)", { timeout: 90_000 }, async () => {
    const switches = fake.server.batchSwitches;
    switches.rateLimit = Infinity;
    switches.rateLimited = 0;
    try {
      const definition = workflow("always-limited", [node("t", "trigger"), node("o", "output", { name: "x", value: "1" })], [edge("t", "o")]);
      const { runId, triggerRunId } = await fake.start(definition);
      const ended = await fake.ended(triggerRunId);
      assert.equal(ended.status, "FAILED");
      assert.equal(ended.attempt, 3, "the platform retried the coordinator (trigger.config.ts: 3 attempts)");
      assert.ok(switches.rateLimited >= 3 * 7, `${switches.rateLimited} refusals`);
      const run = await getRun(fake.db, runId);
      assert.equal(run.status, "failed");
      assert.match((run.error as { message: string }).message, /coordinator failed: .*Trigger\.dev kept refusing the batch .*rate limit/);
      assert.ok(run.finishedAt);
      assert.equal(run.leaseOwner, null);
    } finally {
      switches.rateLimit = 0;
    }
  });
});
