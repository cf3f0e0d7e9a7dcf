// The process's database. getDb() opens it once (cached on globalThis so Next's dev reloads and
// separate bundles share it), applies migrations, and closes it on SIGTERM/SIGINT.
import { describeDbConfig, resolveDbConfig, type DbConfigOverrides } from "./config";
import { openPglite, type PgliteHandle } from "./pglite";
import { openPostgres, type PostgresHandle } from "./postgres";
import type { DbHandle, OpenOptions } from "./types";

export type { Db, DbHandle, DbKind, DbOrTx, Tx } from "./types";
export { DataDirLockedError } from "./lock";
export { describeDbConfig, resolveDbConfig } from "./config";

export interface OpenDbOptions extends OpenOptions, DbConfigOverrides {
  /** PGlite only: start an empty folder from a dumped data dir. */
  loadDataDir?: Blob;
}

type OpenHandle = PgliteHandle | PostgresHandle;

interface ProcessDbState {
  cached?: Promise<DbHandle>;
  open: Set<OpenHandle>;
  hooksInstalled: boolean;
}

const KEY = Symbol.for("flowmaestro.db");
const state: ProcessDbState = ((globalThis as Record<symbol, unknown>)[KEY] as ProcessDbState | undefined) ??
  ((globalThis as Record<symbol, unknown>)[KEY] = { open: new Set(), hooksInstalled: false } as ProcessDbState);

/**
 * The process-wide database, opened on first call from DATABASE_URL / FLOWMAESTRO_DATA_DIR
 * (options only matter on that first call). Throws DataDirLockedError when another process
 * holds the embedded database.
 */
export function getDb(options: OpenDbOptions = {}): Promise<DbHandle> {
  if (state.cached) return state.cached;
  const opening: Promise<DbHandle> = openDb(options).then((handle) => withCacheClear(handle, opening));
  state.cached = opening;
  opening.catch(() => {
    if (state.cached === opening) state.cached = undefined; // let a later call retry
  });
  return opening;
}

/** Closes the process-wide database if it was opened. */
export async function closeDb(): Promise<void> {
  const cached = state.cached;
  if (!cached) return;
  const handle = await cached.catch(() => null);
  await handle?.close();
}

/** A new, uncached connection (tests, scripts). Also closed on SIGTERM/SIGINT and exit. */
export async function openDb(options: OpenDbOptions = {}): Promise<DbHandle> {
  const config = resolveDbConfig(options);
  const handle: OpenHandle =
    config.kind === "postgres"
      ? await openPostgres(config.url, { ...options, poolSize: config.poolSize })
      : await openPglite(config.dataDir, options);
  return track(handle);
}

export function describeConfiguredDb(options: DbConfigOverrides = {}): string {
  return describeDbConfig(resolveDbConfig(options));
}

function withCacheClear(handle: DbHandle, opening: Promise<DbHandle>): DbHandle {
  const close = handle.close;
  handle.close = async () => {
    if (state.cached === opening) state.cached = undefined;
    await close();
  };
  return handle;
}

function track(handle: OpenHandle): DbHandle {
  installProcessHooks();
  state.open.add(handle);
  const close = handle.close;
  handle.close = async () => {
    try {
      await close();
    } finally {
      state.open.delete(handle);
    }
  };
  return handle;
}

const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

function installProcessHooks(): void {
  if (state.hooksInstalled) return;
  state.hooksInstalled = true;
  // 'exit' can't await: release the embedded locks synchronously; the OS closes sockets.
  process.on("exit", () => {
    for (const handle of state.open) if (handle.kind === "pglite") handle.releaseLockSync();
  });
  for (const signal of Object.keys(SIGNAL_EXIT_CODES) as (keyof typeof SIGNAL_EXIT_CODES)[]) {
    process.once(signal, () => void closeAllThenExit(signal));
  }
}

/**
 * Alone, we do what the default would (after closing the databases cleanly). When the process
 * has its own handler (Next's server, the CLI cancelling a run), it owns shutdown: closing under
 * it could cut off its last writes, so we leave closing to it and 'exit' releases the locks.
 */
async function closeAllThenExit(signal: keyof typeof SIGNAL_EXIT_CODES): Promise<void> {
  if (process.listenerCount(signal) > 0) return;
  await Promise.allSettled([...state.open].map((handle) => handle.close()));
  process.exit(SIGNAL_EXIT_CODES[signal]);
}
