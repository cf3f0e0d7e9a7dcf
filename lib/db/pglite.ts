// Embedded PostgreSQL (PGlite, wasm) in a data folder, guarded by an inter-process lock.
import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import * as schema from "./schema";
import { acquireDirLockWaiting } from "./lock";
import { resolveMigrationsFolder } from "./migrations-folder";
import type { Db, DbHandle, OpenOptions } from "./types";

/**
 * initdb's shared_buffers (128 MB) is allocated in PGlite's WebAssembly memory and paid in RSS by
 * every process that opens the store; 16 MB saves about 110 MB per process (the app, each command
 * line run that stores) at no measured cost: one process, its own page cache is the OS's
 * (docs/performance.md, "Loop memory").
 */
export const PGLITE_SETTINGS = ["-c", "shared_buffers=16MB"] as const;

export interface PgliteOpenOptions extends OpenOptions {
  /** Start an empty folder from a dumped data dir (PGlite dumpDataDir), skipping initdb. */
  loadDataDir?: Blob;
}

export interface PgliteHandle extends DbHandle {
  kind: "pglite";
  client: PGlite;
  /** Releases the folder lock without waiting (for process 'exit'). */
  releaseLockSync(): void;
}

export async function openPglite(dataDir: string, options: PgliteOpenOptions = {}): Promise<PgliteHandle> {
  const lock = await acquireDirLockWaiting(dataDir, {
    command: options.command,
    waitMs: options.lockWaitMs ?? 0,
    onWait: (holder) => console.warn(`[db] ${dataDir} is held by process ${holder?.pid ?? "?"} (${holder?.command ?? "unknown"}); waiting up to ${((options.lockWaitMs ?? 0) / 1000).toFixed(1)} s for it to let go`),
  });
  let client: PGlite | undefined;
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    client = await PGlite.create({ dataDir, loadDataDir: options.loadDataDir, startParams: [...PGlite.defaultStartParams, ...PGLITE_SETTINGS] });
    const db = drizzle({ client, schema }) as unknown as Db;
    if (options.migrate !== false) {
      await migrate(drizzle({ client }), { migrationsFolder: resolveMigrationsFolder(options.migrationsFolder) });
    }
    return makeHandle(db, client, dataDir, lock.release);
  } catch (err) {
    await client?.close().catch(() => {});
    lock.release();
    throw err;
  }
}

function makeHandle(db: Db, client: PGlite, dataDir: string, release: () => void): PgliteHandle {
  let closing: Promise<void> | undefined;
  return {
    db,
    kind: "pglite",
    location: dataDir,
    client,
    releaseLockSync: release,
    close() {
      closing ??= (async () => {
        try {
          if (!client.closed) await client.close();
        } finally {
          release();
        }
      })();
      return closing;
    },
  };
}
