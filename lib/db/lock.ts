// An exclusive, inter-process lock on the embedded database folder. PGlite itself has none: two
// processes on one folder both write and corrupt it. The lock is a JSON file next to the folder,
// created atomically (write a temp file, then link() it into place: link fails with EEXIST and
// the lock file is never seen half-written). A lock whose process is gone (same host; dead pid,
// or a reused pid with another start time, or an earlier boot) is stale and taken over.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";

export const LockInfo = z.object({
  pid: z.number().int(),
  hostname: z.string(),
  command: z.string(),
  startedAt: z.string(),
  /** Linux: /proc/sys/kernel/random/boot_id, and the process start time in ticks since boot. */
  bootId: z.string().optional(),
  processStart: z.string().optional(),
});
export type LockInfo = z.infer<typeof LockInfo>;

/** Another live process holds the embedded database. The message is for people: print it as is. */
export class DataDirLockedError extends Error {
  override name = "DataDirLockedError";
  constructor(
    readonly dir: string,
    readonly holder: LockInfo | null,
    readonly lockFile: string,
  ) {
    super(describeHolder(dir, holder, lockFile));
  }
}

function describeHolder(dir: string, holder: LockInfo | null, lockFile: string): string {
  const advice = "Stop it, or set DATABASE_URL to use PostgreSQL.";
  if (!holder) return `The embedded database in ${dir} is in use by another process (lock file ${lockFile}). ${advice}`;
  const where = holder.hostname === os.hostname() ? "" : ` on host ${holder.hostname}`;
  const text =
    `The embedded database in ${dir} is in use by process ${holder.pid}${where} ` +
    `(${holder.command}, since ${holder.startedAt}). ${advice}`;
  return where ? `${text} If that process is gone, delete ${lockFile}.` : text;
}

export interface DirLock {
  readonly lockFile: string;
  readonly info: LockInfo;
  /** Removes the lock file if it is still ours. Safe to call twice; synchronous for 'exit'. */
  release(): void;
}

export function lockFileFor(dir: string): string {
  return `${path.resolve(dir)}.lock`;
}

/** Takes the lock for `dir` or throws DataDirLockedError naming the holder. */
export function acquireDirLock(dir: string, command = currentCommand()): DirLock {
  const lockFile = lockFileFor(dir);
  fs.mkdirSync(path.dirname(lockFile), { recursive: true });
  const info = ownInfo(command);
  const body = JSON.stringify(info, null, 2) + "\n";
  for (let attempt = 0; attempt < 3; attempt++) {
    if (tryCreate(lockFile, body)) return makeLock(lockFile, body, info);
    const raw = readOrNull(lockFile);
    if (raw === null) continue; // released between our attempts: try again
    const holder = parseLock(raw);
    if (!holder || !isStale(holder)) throw new DataDirLockedError(path.resolve(dir), holder, lockFile);
    removeStale(lockFile, raw);
  }
  throw new DataDirLockedError(path.resolve(dir), parseLock(readOrNull(lockFile) ?? ""), lockFile);
}

/**
 * Like acquireDirLock, but while another live process on this host holds the lock (a server
 * still shutting down when its replacement starts), tries again for up to `waitMs` before
 * throwing. A holder on another host, or this very process, is refused at once.
 */
export async function acquireDirLockWaiting(
  dir: string,
  options: { command?: string; waitMs: number; onWait?: (holder: LockInfo | null) => void },
): Promise<DirLock> {
  const deadline = Date.now() + options.waitMs;
  let told = false;
  for (;;) {
    try {
      return acquireDirLock(dir, options.command);
    } catch (err) {
      const holder = err instanceof DataDirLockedError ? err.holder : null;
      const mayWait = holder && holder.hostname === os.hostname() && holder.pid !== process.pid;
      if (!mayWait || Date.now() >= deadline) throw err;
      if (!told) options.onWait?.(holder);
      told = true;
      // Polling a lock file: the holder may release it by exiting, which sends us nothing.
      await new Promise((resolve) => setTimeout(resolve, Math.min(LOCK_POLL_MS, Math.max(0, deadline - Date.now()))));
    }
  }
}

const LOCK_POLL_MS = 200;

function makeLock(lockFile: string, body: string, info: LockInfo): DirLock {
  let released = false;
  return {
    lockFile,
    info,
    release() {
      if (released) return;
      released = true;
      if (readOrNull(lockFile) === body) fs.rmSync(lockFile, { force: true });
    },
  };
}

function tryCreate(lockFile: string, body: string): boolean {
  const tmp = `${lockFile}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  fs.writeFileSync(tmp, body, { flag: "wx" });
  try {
    fs.linkSync(tmp, lockFile);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw err;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/**
 * Removes a stale lock without racing another process doing the same: only one process at a
 * time holds the `.takeover` file, and it removes the lock only if it still has the stale content.
 */
function removeStale(lockFile: string, staleRaw: string): void {
  const guard = `${lockFile}.takeover`;
  let fd: number;
  try {
    fd = fs.openSync(guard, "wx");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    clearDeadGuard(guard);
    return; // someone else is taking over; the caller retries
  }
  try {
    fs.writeSync(fd, String(process.pid));
    if (readOrNull(lockFile) === staleRaw) fs.rmSync(lockFile, { force: true });
  } finally {
    fs.closeSync(fd);
    fs.rmSync(guard, { force: true });
  }
}

/** A takeover guard left by a process that died mid-takeover would block every later takeover. */
function clearDeadGuard(guard: string): void {
  const pid = Number(readOrNull(guard));
  if (Number.isInteger(pid) && pid > 0 && !pidAlive(pid)) fs.rmSync(guard, { force: true });
}

function parseLock(raw: string): LockInfo | null {
  try {
    const parsed = LockInfo.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Only judged on this host: a lock from another host (shared volume) is never taken over. */
export function isStale(holder: LockInfo): boolean {
  if (holder.hostname !== os.hostname()) return false;
  const bootId = readBootId();
  if (holder.bootId && bootId && holder.bootId !== bootId) return true;
  if (holder.pid === process.pid) return false;
  // A SIGKILLed process stays a zombie until its parent reaps it: it holds nothing any more.
  if (!pidAlive(holder.pid) || isZombie(holder.pid)) return true;
  const start = processStartTicks(holder.pid);
  return Boolean(holder.processStart && start && holder.processStart !== start);
}

/** State field of /proc/<pid>/stat: Z (zombie) or X (dead) means the process has exited. */
function isZombie(pid: number): boolean {
  const stat = readOrNull(`/proc/${pid}/stat`);
  const state = stat ? stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) : "";
  return state === "Z" || state === "X";
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM"; // exists, owned by someone else
  }
}

function ownInfo(command: string): LockInfo {
  return {
    pid: process.pid,
    hostname: os.hostname(),
    command,
    startedAt: new Date().toISOString(),
    bootId: readBootId() ?? undefined,
    processStart: processStartTicks(process.pid) ?? undefined,
  };
}

function currentCommand(): string {
  const script = process.argv[1] ? path.relative(process.cwd(), process.argv[1]) || process.argv[1] : "";
  return [path.basename(process.argv0 || "node"), script, ...process.argv.slice(2)]
    .filter(Boolean)
    .join(" ")
    .slice(0, 200);
}

function readBootId(): string | null {
  return readOrNull("/proc/sys/kernel/random/boot_id")?.trim() || null;
}

/** Field 22 of /proc/<pid>/stat (after the parenthesised command name, which may hold spaces). */
function processStartTicks(pid: number): string | null {
  const stat = readOrNull(`/proc/${pid}/stat`);
  if (!stat) return null;
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return fields[19] ?? null;
}

function readOrNull(file: string): string | null {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return null;
  }
}
