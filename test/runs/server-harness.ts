// Drives test/runs/fixtures/run-server.ts processes for the crash tests: start one (optionally with
// FLOWMAESTRO_FAULTS), send it commands, see it die, and a loopback HTTP server that counts requests
// per Idempotency-Key (the side effects a crash could repeat).
import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { openDb } from "../../lib/db/client";
import type { Db, DbKind } from "../../lib/db/types";
import { createTestDataDir, createTestPostgresDatabase } from "../support/db";

const fixture = join(import.meta.dirname, "fixtures/run-server.ts");

export class ServerDied extends Error {
  constructor(readonly code: number | null, readonly signal: NodeJS.Signals | null) {
    super(`the run server exited (${signal ?? code})`);
  }
}

/** Every server started and not dead yet: `killAllRunServers` in a test's `after` leaves none behind. */
const living = new Set<RunServer>();

export async function killAllRunServers(): Promise<void> {
  await Promise.all([...living].map((server) => server.kill()));
}

export class RunServer {
  private next = 1;
  private readonly pending = new Map<number, { resolve(value: Record<string, unknown>): void; reject(error: Error): void }>();
  readonly exited: Promise<ServerDied>;
  private constructor(private readonly child: ChildProcess) {
    living.add(this);
    this.exited = new Promise((resolve) =>
      child.on("exit", (code, signal) => {
        living.delete(this);
        const died = new ServerDied(code, signal);
        for (const waiter of this.pending.values()) waiter.reject(died);
        this.pending.clear();
        resolve(died);
      }),
    );
  }

  /** Starts a server and resolves once it recovered what it had to and takes commands. */
  static async start(env: Record<string, string>): Promise<RunServer> {
    const child = spawn(process.execPath, ["--import", "tsx", fixture], { env: { ...process.env, ...env }, stdio: ["pipe", "pipe", "inherit"] });
    const server = new RunServer(child);
    const lines = createInterface({ input: child.stdout! });
    let ready!: () => void;
    const isReady = new Promise<void>((resolve) => (ready = resolve));
    lines.on("line", (line) => {
      const message = JSON.parse(line) as { id?: number; ready?: boolean; error?: string };
      if (message.ready) return ready();
      const waiter = message.id === undefined ? undefined : server.pending.get(message.id);
      if (!waiter) return;
      server.pending.delete(message.id!);
      if (message.error) waiter.reject(new Error(message.error));
      else waiter.resolve(message as Record<string, unknown>);
    });
    const died = await Promise.race([isReady.then(() => null), server.exited]);
    if (died) throw died;
    return server;
  }

  /** Sends a command; rejects with ServerDied when the process dies first. */
  call(op: string, args: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.stdin!.write(`${JSON.stringify({ id, op, ...args })}\n`);
    });
  }

  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGKILL");
    await this.exited;
  }
}

export interface KeyCountingServer {
  url: string;
  /** Requests per Idempotency-Key. */
  keys: Map<string, number>;
  close(): Promise<void>;
}

/** Answers POST /<name> with { name, got } (the JSON body) and counts requests per Idempotency-Key. */
export async function startKeyCountingServer(): Promise<KeyCountingServer> {
  const keys = new Map<string, number>();
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const key = String(req.headers["idempotency-key"] ?? "(none)");
      keys.set(key, (keys.get(key) ?? 0) + 1);
      let got: unknown = null;
      try {
        got = JSON.parse(body || "null");
      } catch {
        got = body;
      }
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ name: (req.url ?? "/").slice(1), got }));
    });
  });
  server.keepAliveTimeout = 1;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    keys,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface ServerStore {
  /** The environment of a run server on this store: short leases and sweeps, no faults. */
  env: Record<string, string>;
  /** Opens the store for `work` (PGlite: one process at a time, so only while no server runs). */
  withDb<T>(work: (db: Db) => Promise<T>): Promise<T>;
  cleanup(): Promise<void>;
}

/** A throwaway store of `kind` for run servers: a migrated PGlite folder, or a PostgreSQL database. */
export async function createServerStore(kind: DbKind): Promise<ServerStore> {
  const common = { FLOWMAESTRO_ALLOW_PRIVATE_HTTP: "1", FLOWMAESTRO_RUN_LEASE_MS: "1000", FLOWMAESTRO_SWEEP_MS: "100", FLOWMAESTRO_FAULTS: "" };
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  if (kind === "pglite") {
    const dataDir = await createTestDataDir();
    env = { ...common, DATABASE_URL: "", FLOWMAESTRO_DATA_DIR: dataDir };
    cleanup = async () => rmSync(dataDir, { recursive: true, force: true });
  } else {
    const database = await createTestPostgresDatabase();
    env = { ...common, DATABASE_URL: database.url };
    cleanup = database.drop;
  }
  return {
    env,
    async withDb(work) {
      const handle = await openDb(kind === "pglite" ? { dataDir: env.FLOWMAESTRO_DATA_DIR } : { databaseUrl: env.DATABASE_URL, poolSize: 2 });
      try {
        return await work(handle.db);
      } finally {
        await handle.close();
      }
    },
    cleanup,
  };
}
