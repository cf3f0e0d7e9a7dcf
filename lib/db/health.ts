// Whether the database takes writes: one row of health_probe rewritten, at most every few seconds
// (health checks may come every second from several monitors). A database that opens and reads
// fine but refuses writes (disk full, read-only, revoked privileges) fails here, named.
import { sql } from "drizzle-orm";
import { describeError } from "./faults";
import { healthProbe } from "./schema";
import type { Db } from "./types";

export type WriteHealth = { ok: true } | { ok: false; cause: string };

const PROBE_EVERY_MS = 5_000;

type Probe = { at: number; db: Db; result: Promise<WriteHealth> };
const KEY = Symbol.for("flowmaestro.writeProbe");
const state = globalThis as typeof globalThis & { [KEY]?: { last?: Probe; lastOk: boolean } };

/** Rewrites the probe row now. */
export async function probeWrites(db: Db): Promise<WriteHealth> {
  try {
    await db
      .insert(healthProbe)
      .values({ id: "write-probe" })
      .onConflictDoUpdate({ target: healthProbe.id, set: { checkedAt: sql`now()` } });
    return { ok: true };
  } catch (error) {
    return { ok: false, cause: `the database rejects writes: ${describeError(error)}` };
  }
}

/** The last probe's answer when it is recent (and for the same database), else a new probe. Changes are logged once. */
export function recentWriteHealth(db: Db, now = Date.now()): Promise<WriteHealth> {
  const probes = (state[KEY] ??= { lastOk: true });
  const last = probes.last;
  if (last && last.db === db && now - last.at < PROBE_EVERY_MS) return last.result;
  const result = probeWrites(db).then((health) => {
    if (health.ok !== probes.lastOk) console[health.ok ? "info" : "error"](`[health] ${health.ok ? "the database takes writes again" : health.cause}`);
    probes.lastOk = health.ok;
    return health;
  });
  probes.last = { at: now, db, result };
  return result;
}

/** Drops the remembered answer (tests that change the database between two checks). */
export function forgetWriteHealth(): void {
  if (state[KEY]) state[KEY].last = undefined;
}
