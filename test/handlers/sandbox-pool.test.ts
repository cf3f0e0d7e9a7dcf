// The sandbox pool (lib/engine/sandbox): user code runs in separate processes that can be killed.
// Memory bombs, busy loops and crashes cost one sandbox process, never this process, its event
// loop or an HTTP server in it.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { javascriptHandler } from "../../lib/engine/handlers/javascript";
import { jsonataHandler } from "../../lib/engine/handlers/jsonata";
import { defaultHandlerOptions } from "../../lib/engine/handlers/types";
import { executeTask } from "../../lib/engine/runtime/execute";
import type { NodeTask } from "../../lib/engine/runtime/port";
import { SandboxPool, sandboxPool, type SandboxEvent } from "../../lib/engine/sandbox/pool";
import { doneOutput, makeContext, rejectsWithCode, run } from "./helpers";

// Only the node's timeout or the test's own signal may end these scripts: never the script limit.
const slow = { scriptTimeoutMs: 60_000 };
let health: http.Server;
let healthUrl: string;

before(async () => {
  health = http.createServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}'));
  await new Promise<void>((resolve) => health.listen(0, "127.0.0.1", resolve));
  healthUrl = `http://127.0.0.1:${(health.address() as AddressInfo).port}/api/health`;
});
after(() => health.close());

const healthy = async () => (await fetch(healthUrl)).status === 200;

/** Resolves with the first job start the pool reports (which process took it). */
function nextStart(pool: SandboxPool): Promise<SandboxEvent> {
  return new Promise((resolve) => {
    const stop = pool.observe((event) => {
      if (event.type !== "start") return;
      stop();
      resolve(event);
    });
  });
}

function nodeTask(code: string, timeoutMs: number): NodeTask {
  return { runId: "run_pool", key: { nodeId: "js", path: [] }, nodeId: "js", type: "javascript", attempt: 1, instance: "js", attemptStartedAt: Date.now(), config: { code }, scope: {}, triggerPayload: null, timeoutMs, delayMs: 0 };
}

describe("sandbox pool", () => {
  it("JSONata's $pad of 150 MB fails the node with MEMORY_LIMIT; this process and its HTTP server go on", async () => {
    const bomb = run(jsonataHandler, { expression: '$length($pad("", 150000000))', input: {} }, makeContext({ options: slow }));
    const error = await rejectsWithCode(bomb, "MEMORY_LIMIT");
    assert.match(error.message, /out of memory/);
    assert.ok(await healthy());
    assert.deepEqual(doneOutput(await run(jsonataHandler, { expression: "$sum(n)", input: { n: [1, 2] } })), { result: 3 });
  });

  it("a 512 MB allocation in javascript fails with MEMORY_LIMIT while the server answers", async () => {
    for (const code of ["return new ArrayBuffer(512 * 1024 * 1024).byteLength", "return 'x'.repeat(512 * 1024 * 1024).length"]) {
      const error = await rejectsWithCode(run(javascriptHandler, { code }, makeContext({ options: slow })), "MEMORY_LIMIT");
      assert.match(error.message, /memory/);
      assert.ok(await healthy());
    }
  });

  it("a busy loop with the node's timeoutMs 150 fails TIMEOUT by that limit while the event loop keeps turning", async () => {
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    const started = sandboxPool().stats().started;
    try {
      const result = await executeTask(nodeTask("while (true) {}", 150), {
        handler: javascriptHandler,
        options: { ...defaultHandlerOptions, ...slow },
        signal: new AbortController().signal,
        emitChunk: () => {},
      });
      assert.equal(result.kind, "error");
      assert.deepEqual(result.kind === "error" && result.error, { message: "timed out after 150 ms", code: "TIMEOUT" });
      assert.ok(ticks > 0, "a timer fired while the script ran");
      // Stopped by replacing the process's evaluation thread: no process forked from this one.
      assert.equal(sandboxPool().stats().started, started);
      assert.deepEqual(doneOutput(await run(javascriptHandler, { code: "return 'next'" })), { result: "next" });
    } finally {
      clearInterval(ticker);
    }
  });

  it("the server answers while a script loops; cancelling the run kills the loop (CANCELLED)", async () => {
    const controller = new AbortController();
    let settled = false;
    const pool = sandboxPool();
    const startedJob = nextStart(pool);
    const looping = run(javascriptHandler, { code: "for (;;) {}" }, makeContext({ options: slow, signal: controller.signal })).finally(() => (settled = true));
    await startedJob;
    assert.ok(await healthy());
    assert.equal(settled, false, "the script is still running (its own limit is 60 s)");
    controller.abort();
    await rejectsWithCode(looping, "CANCELLED");
  });

  it("two parallel CPU-bound javascript nodes run in two processes at once", async (t) => {
    const pool = sandboxPool();
    if (pool.size < 2) return t.skip(`one core here (pool size ${pool.size})`);
    await pool.warm(2);
    const events: SandboxEvent[] = [];
    const stop = pool.observe((event) => events.push(event));
    const cpu = "let x = 0; for (let i = 0; i < 5e5; i++) x = (x + i) % 1000003; return x";
    try {
      const [a, b] = await Promise.all([1, 2].map(() => run(javascriptHandler, { code: cpu }, makeContext({ options: slow }))));
      assert.deepEqual(doneOutput(a), doneOutput(b));
    } finally {
      stop();
    }
    const starts = events.filter((e) => e.type === "start");
    assert.equal(new Set(starts.map((e) => e.workerId)).size, 2, "two different processes");
    assert.deepEqual(events.slice(0, 2).map((e) => e.type), ["start", "start"], "both started before either ended");
  });

  it("a crashed process fails its job with SCRIPT_ERROR and is replaced; the next job runs", async () => {
    const pool = new SandboxPool({ size: 1 });
    try {
      const startedJob = nextStart(pool);
      const job = pool.run({ kind: "javascript", code: "for (;;) {}", dataJson: "null", contextJson: "{}", timeoutMs: 60_000, memoryBytes: 16 << 20 }, new AbortController().signal);
      const { pid } = await startedJob;
      process.kill(pid!, "SIGKILL");
      await assert.rejects(job, (error: Error & { code?: string }) => error.code === "SCRIPT_ERROR" && /crashed \(signal SIGKILL\)/.test(error.message));
      const next = await pool.run({ kind: "jsonata", expression: "1 + 1", inputJson: "null", timeoutMs: 1000 }, new AbortController().signal);
      assert.equal(next, "2");
      assert.equal(pool.stats().started, 2);
    } finally {
      pool.close();
    }
  });

  // A server's event loop can stall past a job's limit (a long garbage collection): then its
  // timer and the answer are both due, and timers run first. The answer must win. The stall is
  // Atomics.wait on this thread (1.5 s); the sandbox process answers "1 + 1" within it.
  it("an answer that arrived while this process was blocked past the limit wins over the late timer", async () => {
    const pool = new SandboxPool({ size: 1, graceMs: 50 });
    try {
      await pool.warm(1, { keepAlive: true });
      const job = pool.run({ kind: "jsonata", expression: "1 + 1", inputJson: "null", timeoutMs: 100 }, new AbortController().signal);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1500);
      assert.equal(await job, "2");
    } finally {
      pool.close();
    }
  });

  it("jobs queue while every process is busy; a queued job that is aborted never runs", async () => {
    const pool = new SandboxPool({ size: 1 });
    try {
      const busy = new AbortController();
      const startedJob = nextStart(pool);
      const first = pool.run({ kind: "javascript", code: "for (;;) {}", dataJson: "null", contextJson: "{}", timeoutMs: 60_000, memoryBytes: 16 << 20 }, busy.signal);
      await startedJob;
      const queued = new AbortController();
      const second = pool.run({ kind: "jsonata", expression: "42", inputJson: "null", timeoutMs: 1000 }, queued.signal);
      assert.deepEqual(pool.stats(), { processes: 1, busy: 1, queued: 1, started: 1 });
      queued.abort();
      await assert.rejects(second, (error: Error & { code?: string }) => error.code === "CANCELLED");
      assert.equal(pool.stats().queued, 0);
      busy.abort();
      await assert.rejects(first, (error: Error & { code?: string }) => error.code === "CANCELLED");
    } finally {
      pool.close();
    }
  });

  it("a process that can't start fails the waiting job with its reason, without starting more", async () => {
    const dir = mkdtempSync(join(tmpdir(), "fm-sandbox-broken-"));
    const entry = join(dir, "main.mjs");
    writeFileSync(entry, 'throw new Error("no QuickJS in this image");\n');
    const pool = new SandboxPool({ size: 2, entry });
    try {
      const job = pool.run({ kind: "jsonata", expression: "1", inputJson: "null", timeoutMs: 1000 }, new AbortController().signal);
      await assert.rejects(job, /could not start.*no QuickJS in this image/);
      assert.equal(pool.stats().started, 1);
    } finally {
      pool.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
