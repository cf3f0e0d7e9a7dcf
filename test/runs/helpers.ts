// Shared by the run tests: users and workflows in a test database, a loopback HTTP server that
// counts calls per path, and waiting on stored events (through the event bus, never a sleep).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { runs, users, workflows } from "../../lib/db/schema";
import type { Db } from "../../lib/db/types";
import { subscribeStored, type LiveEvent as StoredEvent } from "../../lib/runs/live";
import { listEvents } from "../../lib/runs/store";

export const node = (id: string, type: string, config: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({ id, type, config, ...extra });
export const edge = (source: string, target: string, sourceHandle?: string) => ({ id: `${source}-${target}`, source, target, ...(sourceHandle ? { sourceHandle } : {}) });
export const workflow = (name: string, nodes: unknown[], edges: unknown[], extra: Record<string, unknown> = {}) => ({ version: 1, name, nodes, edges, ...extra });

let counter = 0;
export async function createUser(db: Db, label = "user"): Promise<string> {
  const id = `${label}-${process.pid}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;
  await db.insert(users).values({ id, email: `${id}@example.test`, name: label });
  return id;
}

export async function createWorkflowRow(db: Db, ownerId: string, definition: { name: string }): Promise<string> {
  const id = crypto.randomUUID();
  await db.insert(workflows).values({ id, ownerId, name: definition.name, definition });
  return id;
}

export async function setDefinition(db: Db, id: string, definition: unknown): Promise<void> {
  await db.update(workflows).set({ definition, updatedAt: new Date() }).where(eq(workflows.id, id));
}

export async function getRun(db: Db, runId: string) {
  const [row] = await db.select().from(runs).where(eq(runs.id, runId));
  return row;
}

/** Resolves with the first stored event matching `match` (already stored, or published later). */
export function waitForEvent(db: Db, runId: string, match: (e: StoredEvent) => boolean): Promise<StoredEvent> {
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (e: StoredEvent) => {
      if (done) return;
      done = true;
      off();
      resolve(e);
    };
    const off = subscribeStored(runId, (batch) => {
      const hit = batch.find(match);
      if (hit) finish(hit);
    });
    listEvents(db, runId).then((stored) => {
      const hit = stored.find((e) => match({ seq: e.seq, type: e.type, payload: e.payload }));
      if (hit) finish({ seq: hit.seq, type: hit.type, payload: hit.payload });
    }, reject);
  });
}

export const isNodeEvent = (type: string, nodeId: string) => (e: StoredEvent) => e.type === type && (e.payload as { key?: { nodeId?: string } }).key?.nodeId === nodeId;

export interface CountingServer {
  url: string;
  calls: Map<string, number>;
  /** Paths that fail (500) on their first call. */
  failFirst: Set<string>;
  /** Paths whose requests are held (never answered) while set; onHeld is told. */
  hold: Set<string>;
  onHeld?: (path: string) => void;
  close(): Promise<void>;
}

/** A loopback server answering POST /<name> with { name, n } (n from the JSON body) and counting calls. */
export async function startCountingServer(): Promise<CountingServer> {
  const state = { calls: new Map<string, number>(), failFirst: new Set<string>(), hold: new Set<string>() } as CountingServer;
  const sockets = new Set<import("node:net").Socket>();
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const path = (req.url ?? "/").slice(1);
      const count = (state.calls.get(path) ?? 0) + 1;
      state.calls.set(path, count);
      if (state.hold.has(path)) {
        state.onHeld?.(path);
        return;
      }
      if (state.failFirst.has(path) && count === 1) {
        res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: "first call fails" }));
        return;
      }
      let parsed: unknown = null;
      try {
        parsed = JSON.parse(body || "null");
      } catch {
        parsed = body;
      }
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ name: path, got: parsed }));
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return state;
}

/** An http node POSTing to the counting server; its output is reduced to the deterministic body. */
export const callNode = (id: string, server: { url: string }, body: string) => node(id, "http", { method: "POST", url: `${server.url}/${id}`, body });
