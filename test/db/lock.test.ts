// The embedded database's folder lock, with real second processes.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { DataDirLockedError, openDb } from "../../lib/db/client";
import { lockFileFor } from "../../lib/db/lock";
import { createTestDataDir } from "../support/db";

let dataDir: string;
let lockFile: string;

before(async () => {
  dataDir = await createTestDataDir();
  lockFile = lockFileFor(path.join(dataDir, "pglite"));
});
after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

/** A child node process (tsx) that opens the database of `dataDir` and runs `then` on it. */
function childScript(then: string): string {
  return `import("./lib/db/client.ts").then(async (m) => {
    try { const h = await m.getDb({ command: "lock-test child" }); ${then} }
    catch (e) { console.error(e instanceof m.DataDirLockedError ? "LOCKED: " + e.message : e); process.exit(3); }
  });`;
}
function childEnv(): NodeJS.ProcessEnv {
  return { ...process.env, FLOWMAESTRO_DATA_DIR: dataDir, DATABASE_URL: "" };
}
function runChild(then: string) {
  return spawnSync(process.execPath, ["--import", "tsx", "-e", childScript(then)], { env: childEnv(), encoding: "utf8" });
}

test("a second process is refused with a message naming the holder", async () => {
  const handle = await openDb({ dataDir, command: "lock-test holder" });
  try {
    const child = runChild(`console.log("OPENED"); await h.close();`);
    assert.equal(child.status, 3, child.stdout + child.stderr);
    assert.doesNotMatch(child.stdout, /OPENED/);
    const expected =
      `LOCKED: The embedded database in ${path.join(dataDir, "pglite")} is in use by process ${process.pid} ` +
      `(lock-test holder, since `;
    assert.ok(child.stderr.startsWith(expected), child.stderr);
    assert.match(child.stderr, /Stop it, or set DATABASE_URL to use PostgreSQL\.\n$/);
    assert.doesNotMatch(child.stderr, /\n\s+at /, "no stack trace");
  } finally {
    await handle.close();
  }
  assert.equal(fs.existsSync(lockFile), false, "close() removes the lock file");
});

test("the same process can't open the folder twice either", async () => {
  const handle = await openDb({ dataDir });
  try {
    await assert.rejects(openDb({ dataDir }), DataDirLockedError);
  } finally {
    await handle.close();
  }
});

test("a lock left by a dead process is taken over", async () => {
  const dead = spawnSync(process.execPath, ["-e", "console.log(process.pid)"], { encoding: "utf8" });
  const deadPid = Number(dead.stdout.trim());
  const stale = { pid: deadPid, hostname: os.hostname(), command: "crashed", startedAt: new Date(0).toISOString() };
  fs.writeFileSync(lockFile, JSON.stringify(stale));
  const handle = await openDb({ dataDir, command: "taker" });
  try {
    const now = JSON.parse(fs.readFileSync(lockFile, "utf8")) as { pid: number; command: string };
    assert.equal(now.pid, process.pid);
    assert.equal(now.command, "taker");
  } finally {
    await handle.close();
  }
});

test("a lock from another host is never taken over", async () => {
  const foreign = { pid: 1, hostname: `not-${os.hostname()}`, command: "elsewhere", startedAt: new Date(0).toISOString() };
  fs.writeFileSync(lockFile, JSON.stringify(foreign));
  try {
    await assert.rejects(openDb({ dataDir }), (err: unknown) => {
      assert.ok(err instanceof DataDirLockedError);
      assert.match(err.message, new RegExp(`in use by process 1 on host not-${os.hostname()} \\(elsewhere,`));
      assert.ok(err.message.includes(`delete ${lockFile}`));
      return true;
    });
  } finally {
    fs.rmSync(lockFile, { force: true });
  }
});

test("a process that exits without close() releases the lock", () => {
  const child = runChild(`console.log("OPENED"); process.exit(0);`);
  assert.equal(child.status, 0, child.stderr);
  assert.match(child.stdout, /OPENED/);
  assert.equal(fs.existsSync(lockFile), false);
});

test("SIGTERM closes the database, releases the lock and exits with 143", async () => {
  const child = spawn(process.execPath, ["--import", "tsx", "-e", childScript(`console.log("OPENED"); setInterval(() => {}, 1000);`)], {
    env: childEnv(),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (d: Buffer) => d.toString().includes("OPENED") && resolve());
    child.on("exit", () => reject(new Error(`child exited before opening: ${stderr}`)));
  });
  assert.equal(fs.existsSync(lockFile), true, "held while open");
  child.kill("SIGTERM");
  assert.equal(await exited, 143, stderr);
  assert.equal(fs.existsSync(lockFile), false);
});

test("with the process's own SIGTERM handler, the database stays open for it to finish", async () => {
  const then = `process.once("SIGTERM", async () => {
      const rows = await h.db.execute("select 1 as one");
      console.log("STILL OPEN", JSON.stringify(rows.rows ?? rows));
      await h.close();
      process.exit(0);
    });
    console.log("OPENED"); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ["--import", "tsx", "-e", childScript(then)], { env: childEnv(), stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  await new Promise<void>((resolve) => child.stdout.on("data", (d: Buffer) => (stdout += d) && stdout.includes("OPENED") && resolve()));
  child.kill("SIGTERM");
  assert.equal(await exited, 0, stderr);
  assert.match(stdout, /STILL OPEN \[\{"one":1\}\]/);
  assert.equal(fs.existsSync(lockFile), false);
});

// The server's start-up (lib/db/startup.ts, what instrumentation.ts runs) against a held folder.
const serverScript = `import("./lib/db/startup.ts").then(async (m) => {
  const h = await m.openStoreOrExit("lock-test server");
  console.log("OPENED");
  await h.close();
  process.exit(0);
});`;
function serverEnv(waitMs: number): NodeJS.ProcessEnv {
  return { ...childEnv(), FLOWMAESTRO_LOCK_WAIT_MS: String(waitMs) };
}
/** Resolves when `stream` has printed text matching `pattern`. */
function printed(stream: NodeJS.ReadableStream, pattern: RegExp): Promise<void> {
  let text = "";
  return new Promise((resolve) => stream.on("data", (d: Buffer) => pattern.test((text += d)) && resolve()));
}
function startHolder(then = "setInterval(() => {}, 1000);") {
  const holder = spawn(process.execPath, ["--import", "tsx", "-e", childScript(`console.log("OPENED"); ${then}`)], { env: childEnv(), stdio: ["pipe", "pipe", "inherit"] });
  return { holder, opened: printed(holder.stdout, /OPENED/) };
}

test("a restart right after SIGKILL takes the lock over from the killed process (a zombie until reaped)", async () => {
  const { holder, opened } = startHolder();
  await opened;
  holder.kill("SIGKILL");
  // spawnSync blocks this process's event loop, so node can't reap the killed child meanwhile:
  // the new server meets a lock whose process is a zombie, like a restart under a busy supervisor.
  const server = spawnSync(process.execPath, ["--import", "tsx", "-e", serverScript], { env: serverEnv(0), encoding: "utf8" });
  assert.equal(server.status, 0, server.stderr);
  assert.match(server.stdout, /OPENED/);
});

test("a server whose folder a live process holds waits FLOWMAESTRO_LOCK_WAIT_MS, then exits 1 with the reason", async () => {
  const handle = await openDb({ dataDir, command: "lock-test holder" });
  try {
    const server = spawnSync(process.execPath, ["--import", "tsx", "-e", serverScript], { env: serverEnv(300), encoding: "utf8" });
    assert.equal(server.status, 1, server.stdout + server.stderr);
    assert.doesNotMatch(server.stdout, /OPENED/);
    assert.match(server.stderr, /is held by process \d+ \(lock-test holder\); waiting up to 0\.3 s for it to let go/);
    assert.match(server.stderr, new RegExp(`FlowMaestro can't start: The embedded database in .* is in use by process ${process.pid} \\(lock-test holder, since `));
    assert.doesNotMatch(server.stderr, /\n\s+at /, "no stack trace");
  } finally {
    await handle.close();
  }
});

test("a server starting while the old one is still shutting down waits for its lock", async () => {
  // The holder lets go only when told, after the new server said it is waiting: no race, no sleep.
  const { holder, opened } = startHolder(`process.stdin.once("data", async () => { await h.close(); process.exit(0); });`);
  await opened;
  const server = spawn(process.execPath, ["--import", "tsx", "-e", serverScript], { env: serverEnv(60_000), stdio: ["ignore", "pipe", "pipe"] });
  const serverOpened = printed(server.stdout, /OPENED/);
  const exited = new Promise<number | null>((resolve) => server.on("exit", (code) => resolve(code)));
  await printed(server.stderr, /waiting up to 60\.0 s/);
  holder.stdin.write("release\n");
  await serverOpened;
  assert.equal(await exited, 0);
});
