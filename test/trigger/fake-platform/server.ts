/**
 * A fake Trigger.dev API: a real HTTP server answering the calls @trigger.dev/sdk 4.8.3 makes for
 * this project (paths, bodies and response shapes as in @trigger.dev/core's apiClient), and, under
 * /fake/workers, the supervisor side the worker processes (./worker.ts) long-poll (./supervisor.ts): the next run to
 * execute, a batch or token wait, a finished attempt. Every request body is recorded (tests grep
 * them for secrets). The platform's limits are enforced in ./state.ts and here.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { applyMetadataOperations } from "@trigger.dev/core/v3";
import { HttpError, jsonOf, readBody, retrieved, type Answer } from "./protocol";
import { FakeState, FINAL, LIMITS, type FakeRun } from "./state";
import { supervisorRoutes } from "./supervisor";

export interface RecordedRequest {
  method: string;
  path: string;
  body: string;
}

export interface FakeServerOptions {
  secretKey: string;
  /** Told when a worker must be stopped (its run was cancelled, or crashes, while it held it). */
  onCancelWorker?(workerId: string): void;
}

/** Switches for batch creation (POST /api/v3/batches), set by tests. */
export interface BatchSwitches {
  /** Answer this many batch creations with HTTP 429 (Infinity: all of them). */
  rateLimit: number;
  /** How many were answered 429 so far. */
  rateLimited: number;
  /** Refuse every batch creation with this error (e.g. a queue size limit), when set. */
  refuse: { status: number; message: string } | null;
}

export interface FakeServer {
  url: string;
  state: FakeState;
  requests: RecordedRequest[];
  batchSwitches: BatchSwitches;
  /**
   * The run's process dies (out of memory, a lost machine) while it executes or waits: the
   * platform retries the run as its next attempt on another worker.
   */
  crash(runId: string): void;
  close(): Promise<void>;
}

export async function startFakeServer(options: FakeServerOptions): Promise<FakeServer> {
  const state = new FakeState();
  const requests: RecordedRequest[] = [];
  const batchSwitches: BatchSwitches = { rateLimit: 0, rateLimited: 0, refuse: null };
  const supervisor = supervisorRoutes(state);
  let url = "";

  const cancel = (run: FakeRun) => {
    if (FINAL.has(run.status)) return;
    const workerId = run.workerId;
    state.finish(run, { ok: false, id: run.id, error: { type: "INTERNAL_ERROR", code: "TASK_RUN_CANCELLED", message: "cancelled" } }, "CANCELED");
    // A suspended (or executing) run's process is stopped; no hook of its task runs.
    if (workerId) options.onCancelWorker?.(workerId);
    for (const child of state.runs.values()) if (child.parentId === run.id) cancel(child);
  };

  async function route(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): Promise<Answer> {
    const path = (req.url ?? "").split("?")[0];
    const method = req.method ?? "GET";
    const json = () => jsonOf(body);
    const m = (pattern: RegExp) => pattern.exec(path);
    const needRun = (id: string) => state.run(decodeURIComponent(id)) ?? (() => { throw new HttpError(404, `no run ${id}`); })();
    let g: RegExpExecArray | null;

    const supervised = await supervisor(req, res, path, body);
    if (supervised) return supervised;

    if (req.headers.authorization !== `Bearer ${options.secretKey}`) throw new HttpError(401, "Invalid API key");

    if ((g = m(/^\/api\/v1\/tasks\/([^/]+)\/trigger$/)) && method === "POST") {
      const input = json() as { payload?: unknown; options?: { idempotencyKey?: string; tags?: string[] | string; payloadType?: string } };
      const payload = typeof input.payload === "string" ? input.payload : JSON.stringify(input.payload ?? null);
      if (Buffer.byteLength(payload) > LIMITS.itemBytes) throw new HttpError(413, "Payload too large");
      const tags = input.options?.tags === undefined ? [] : [input.options.tags].flat();
      const { run, cached } = state.trigger(decodeURIComponent(g[1]), { payload, payloadType: input.options?.payloadType ?? "application/json", idempotencyKey: input.options?.idempotencyKey, tags });
      return { json: { id: run.id, isCached: cached } };
    }
    if (path === "/api/v3/batches" && method === "POST") {
      if (batchSwitches.refuse) throw new HttpError(batchSwitches.refuse.status, batchSwitches.refuse.message);
      if (batchSwitches.rateLimited < batchSwitches.rateLimit) {
        batchSwitches.rateLimited++;
        // The SDK adds up to 2 s of jitter to x-ratelimit-reset; a reset 2 s ago means "retry now"
        // (no sleeping in tests). x-should-retry: false, which the SDK obeys, leaves the retries to
        // the coordinator (the SDK would otherwise retry this call itself, 1 s, 1.6 s, … apart).
        throw new HttpError(429, "Rate limit exceeded", { "x-ratelimit-limit": "1", "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(Date.now() - 2000), "x-should-retry": "false" });
      }
      const input = json() as { runCount: number; parentRunId?: string; idempotencyKey?: string };
      if (input.runCount > LIMITS.batchItems) throw new HttpError(400, `Batch size ${input.runCount} exceeds the maximum of ${LIMITS.batchItems} items`);
      const { batch, cached } = state.createBatch(input);
      return { json: { id: batch.id, runCount: batch.runCount, isCached: cached, idempotencyKey: batch.idempotencyKey } };
    }
    if ((g = m(/^\/api\/v3\/batches\/([^/]+)\/items$/)) && method === "POST") {
      const batch = state.batches.get(g[1]);
      if (!batch) throw new HttpError(404, `no batch ${g[1]}`);
      let accepted = 0;
      let deduplicated = 0;
      const lines = body.toString("utf8").split("\n").filter((line) => line.trim());
      for (const line of lines) {
        const item = JSON.parse(line) as { index: number; task: string; payload?: unknown; options?: { idempotencyKey?: string; payloadType?: string; payloadSize?: number; tags?: string[] } };
        if (batch.runIds[item.index]) {
          deduplicated++;
          continue;
        }
        const payload = typeof item.payload === "string" ? item.payload : JSON.stringify(item.payload ?? null);
        const payloadType = item.options?.payloadType ?? "application/json";
        const size = item.options?.payloadSize ?? (payloadType === "application/store" ? (state.packets.get(payload)?.data.length ?? 0) : Buffer.byteLength(payload));
        const { run, cached } = state.trigger(item.task, { payload, payloadType, idempotencyKey: item.options?.idempotencyKey, tags: item.options?.tags, parentId: batch.parentRunId, batchId: batch.id });
        if (!cached && size > LIMITS.itemBytes) state.failAtOnce(run, "PAYLOAD_TOO_LARGE", `Batch item ${item.index} payload of ${size} bytes is over the ${LIMITS.itemBytes}-byte limit`);
        batch.runIds[item.index] = run.id;
        accepted++;
      }
      batch.sealed = batch.runIds.filter(Boolean).length === batch.runCount;
      state.changed();
      return { json: { id: batch.id, itemsAccepted: accepted, itemsDeduplicated: deduplicated, sealed: batch.sealed, ...(batch.sealed ? {} : { enqueuedCount: accepted, expectedCount: batch.runCount }) } };
    }
    if ((g = m(/^\/api\/v2\/packets\/(.+)$/)) && method === "PUT") {
      const key = decodeURIComponent(g[1]);
      return { json: { presignedUrl: `${url}/fake/store/${encodeURIComponent(key)}`, storagePath: key } };
    }
    if ((g = m(/^\/api\/v1\/packets\/(.+)$/)) && method === "GET") return { json: { presignedUrl: `${url}/fake/store/${encodeURIComponent(decodeURIComponent(g[1]))}` } };
    if ((g = m(/^\/api\/v3\/runs\/([^/]+)$/)) && method === "GET") return { json: retrieved(needRun(g[1])) };
    if ((g = m(/^\/api\/v2\/runs\/([^/]+)\/cancel$/)) && method === "POST") {
      const run = needRun(g[1]);
      cancel(run);
      return { json: { id: run.id } };
    }
    if ((g = m(/^\/api\/v1\/runs\/([^/]+)\/metadata$/)) && method === "PUT") {
      const run = needRun(g[1]);
      const input = json() as { metadata?: Record<string, unknown>; operations?: never[]; parentOperations?: never[]; rootOperations?: never[] };
      const apply = (target: FakeRun | undefined, ops?: never[]) => {
        if (!target || !ops?.length) return;
        const next = applyMetadataOperations(target.metadata as never, ops).newMetadata as Record<string, unknown>;
        if (Buffer.byteLength(JSON.stringify(next)) > LIMITS.metadataBytes) throw new HttpError(413, `Metadata over ${LIMITS.metadataBytes} bytes`);
        target.metadata = next;
      };
      if (input.metadata) run.metadata = input.metadata;
      apply(run, input.operations);
      apply(run.parentId ? state.run(run.parentId) : undefined, input.parentOperations);
      apply(state.run(run.rootId ?? run.id), input.rootOperations);
      return { json: { metadata: run.metadata } };
    }
    if ((g = m(/^\/realtime\/v1\/streams\/([^/]+)\/([^/]+)\/([^/]+)$/))) {
      // Realtime streams, version 1 (no S2 headers: the SDK then writes NDJSON to this same path).
      const target = needRun(g[1]);
      const run = g[2] === "root" ? needRun(target.rootId ?? target.id) : g[2] === "parent" ? needRun(target.parentId ?? target.id) : target;
      const key = `${run.id}/${decodeURIComponent(g[3])}`;
      const chunks = state.streams.get(key) ?? [];
      state.streams.set(key, chunks);
      if (method === "PUT") return { json: { version: "v1" } };
      if (method === "HEAD") return { json: null, headers: { "x-last-chunk-index": String(chunks.length - 1) } };
      const from = Number(req.headers["x-resume-from-chunk"] ?? 0);
      const lines = body.toString("utf8").split("\n").filter((line) => line.trim());
      lines.forEach((line, i) => (chunks[from + i] = JSON.parse(line) as unknown));
      state.changed();
      return { json: { ok: true } };
    }
    if (path === "/api/v1/waitpoints/tokens" && method === "POST") {
      const input = json() as { idempotencyKey?: string; timeout?: string };
      const { token, cached } = state.createToken(input);
      return { json: { id: token.id, isCached: cached, url: `${url}/api/v1/waitpoints/tokens/${token.id}/callback` } };
    }
    if ((g = m(/^\/api\/v1\/waitpoints\/tokens\/([^/]+)\/complete$/)) && method === "POST") {
      if (!state.completeToken(g[1], (json() as { data?: unknown }).data)) throw new HttpError(404, `no token ${g[1]}`);
      return { json: { success: true } };
    }
    if ((g = m(/^\/engine\/v1\/runs\/([^/]+)\/waitpoints\/tokens\/([^/]+)\/wait$/)) && method === "POST") {
      needRun(g[1]);
      if (!state.tokens.has(g[2])) throw new HttpError(404, `no token ${g[2]}`);
      return { json: { success: true } };
    }
    throw new HttpError(404, `the fake Trigger.dev has no ${method} ${path}`);
  }

  const server = http.createServer((req, res) => {
    void readBody(req).then(async (body) => {
      requests.push({ method: req.method ?? "", path: req.url ?? "", body: body.toString("utf8") });
      try {
        const { status = 200, json, headers = {} } = await route(req, res, body);
        if (Buffer.isBuffer(json)) return void res.writeHead(status, headers).end(json);
        res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(json ?? null));
      } catch (error) {
        const status = error instanceof HttpError ? error.status : 500;
        const headers = error instanceof HttpError ? error.headers : {};
        if (!res.headersSent) res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify({ error: error instanceof Error ? error.message : String(error) }));
      }
    });
  });
  // Long polls last as long as a run waits.
  server.requestTimeout = 0;
  server.headersTimeout = 0;
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    state,
    requests,
    batchSwitches,
    crash(runId) {
      const run = state.run(runId);
      if (!run?.workerId) throw new Error(`run ${runId} is not on a worker`);
      options.onCancelWorker?.(run.workerId);
      Object.assign(run, { status: "QUEUED", attempt: run.attempt + 1, workerId: undefined, waitingOn: undefined, notBefore: 0, updatedAt: new Date() });
      state.changed();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const token of state.tokens.values()) clearTimeout(token.timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
