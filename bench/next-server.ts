/**
 * A production server for the browser benchmarks, started the way scripts/e2e.mjs starts one:
 * `next build` (skipped with BENCH_NO_BUILD=1 when .next holds a build), then `next start` on a
 * free port with a fresh PGlite data dir (or BENCH_SERVER_DATABASE_URL's PostgreSQL database). One server per bench process, stopped when it exits.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, openSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** `pid`: the `npx next start` process; the server itself is its descendant (see serverPid in loop-memory-app.ts). */
export type BenchServer = { baseURL: string; log: string; pid: number };

let started: Promise<BenchServer> | undefined;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

let built = false;

/** `next start` on a free port: on `databaseUrl`'s PostgreSQL database, else a fresh PGlite data dir. Stopped when the bench process exits. */
export async function startNextServer(databaseUrl?: string): Promise<BenchServer> {
  const root = join(import.meta.dirname, "..");
  if (!built && (process.env.BENCH_NO_BUILD !== "1" || !existsSync(join(root, ".next/BUILD_ID")))) {
    const t = Date.now();
    const build = spawnSync("npx", ["--no-install", "next", "build"], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
    if (build.status !== 0) throw new Error("next build failed");
    console.log(`canvas bench: next build took ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  built = true;
  const dataDir = mkdtempSync(join(tmpdir(), "fm-bench-canvas-"));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", FLOWMAESTRO_DATA_DIR: dataDir };
  for (const key of ["DATABASE_URL", "AUTH_SECRET", "AUTH_URL", "TRIGGER_SECRET_KEY"]) delete env[key];
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  const log = join(dataDir, "server.log");
  const out = openSync(log, "a");
  // Its own process group, output to a file: nothing here keeps the bench process alive.
  const child = spawn("npx", ["--no-install", "next", "start", "-H", "127.0.0.1", "-p", String(port)], { cwd: root, env, detached: true, stdio: ["ignore", out, out] });
  child.unref();
  process.on("exit", () => {
    try {
      if (child.pid) process.kill(-child.pid, "SIGTERM");
    } catch {
      // already gone
    }
    rmSync(dataDir, { recursive: true, force: true });
  });
  const baseURL = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  // Answers once migrations ran and the database is open (instrumentation.ts).
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}); see ${log}`);
    const ok = await fetch(`${baseURL}/api/health`).then((r) => r.ok, () => false);
    if (ok) return { baseURL, log, pid: child.pid! };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`next start did not answer within 120 s; see ${log}`);
}

/** The bench process's server (built and started on first use). */
export function benchServer(): Promise<BenchServer> {
  // BENCH_SERVER_DATABASE_URL: the server on that PostgreSQL database instead of a fresh PGlite.
  started ??= startNextServer(process.env.BENCH_SERVER_DATABASE_URL || undefined);
  return started;
}
