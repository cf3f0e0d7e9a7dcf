// The server's first open of its database (instrumentation.ts). A server that can't open its
// store must not start answering 500 to everything, health included: it says why and exits, so a
// supervisor restarts it or a person reads the reason. Embedded only: a lock still held by a
// local process that is shutting down (a restart that overlaps the old server) is waited for,
// up to FLOWMAESTRO_LOCK_WAIT_MS.
import { getDb } from "./client";
import { describeError } from "./faults";
import type { DbHandle } from "./types";

export const DEFAULT_LOCK_WAIT_MS = 10_000;

export function lockWaitMs(env = process.env): number {
  const raw = env.FLOWMAESTRO_LOCK_WAIT_MS?.trim();
  if (!raw) return DEFAULT_LOCK_WAIT_MS;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < 0) throw new Error(`FLOWMAESTRO_LOCK_WAIT_MS must be a whole number of milliseconds (0 or more), got "${raw}"`);
  return ms;
}

/** Opens the process's database or exits with status 1 and one line naming the reason (no stack). */
export async function openStoreOrExit(command = "flowmaestro server"): Promise<DbHandle> {
  try {
    return await getDb({ command, lockWaitMs: lockWaitMs() });
  } catch (error) {
    console.error(`FlowMaestro can't start: ${describeError(error)}`);
    process.exit(1);
  }
}
