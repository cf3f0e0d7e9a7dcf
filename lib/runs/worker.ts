/**
 * The run worker of a server process (started once from instrumentation.ts): recovers runs at
 * start-up, then sweeps periodically for due waitpoints, orphaned runs and schedule ticks; with
 * Trigger.dev on, every RECONCILE_EVERY_MS it also closes rows whose coordinator ended without
 * writing them (lib/runs/trigger/reconcile.ts), and every AUDIT_PRUNE_EVERY_MS it prunes the audit
 * log past its retention (lib/audit/retention.ts).
 */
import { AUDIT_PRUNE_EVERY_MS, auditRetentionDays, pruneAuditEvents } from "@/lib/audit/retention";
import { getDb } from "@/lib/db/client";
import type { Db } from "@/lib/db/types";
import { runtimeSettings } from "./config";
import { expireDueWaitpoints, recoverRuns } from "./recovery";
import { startSchedules, type Schedules } from "./schedules";
import { describeError } from "./log";
import { triggerControl } from "./trigger/control";
import { RECONCILE_GRACE_MS, reconcileTriggerRuns } from "./trigger/reconcile";
import { triggerEnabled } from "./trigger/start";

/** How often open Trigger.dev rows are checked against the platform (one runs.retrieve per stale row). */
export const RECONCILE_EVERY_MS = RECONCILE_GRACE_MS / 2;

interface Worker {
  stop(): Promise<void>;
}

const KEY = Symbol.for("flowmaestro.runs.worker");
const g = globalThis as Record<symbol, Promise<Worker> | undefined>;

export function startRunWorker(): Promise<Worker> {
  return (g[KEY] ??= (async () => {
    const handle = await getDb();
    return startWorkerOn(handle.db, { embedded: handle.kind === "pglite" });
  })());
}

/** The worker on a given database (tests start it on theirs). */
export async function startWorkerOn(db: Db, options: { embedded: boolean; trigger?: boolean }): Promise<Worker> {
  const { sweepMs } = runtimeSettings();
  const reconciling = options.trigger ?? triggerEnabled();
  let reconciledAt = 0;
  let prunedAt = 0;
  await recoverRuns(db, { force: options.embedded });
  await expireDueWaitpoints(db);
  const schedules: Schedules = await startSchedules(db);
  let sweeping = false;
  const timer = setInterval(() => {
    if (sweeping) return;
    sweeping = true;
    void (async () => {
      await recoverRuns(db);
      await expireDueWaitpoints(db);
      await schedules.refresh();
      if (reconciling && Date.now() - reconciledAt >= RECONCILE_EVERY_MS) {
        reconciledAt = Date.now();
        for (const closed of await reconcileTriggerRuns(db, { control: triggerControl() })) console.warn(`[runs] run ${closed.runId} closed ${closed.status}: ${closed.message}`);
      }
      if (Date.now() - prunedAt >= AUDIT_PRUNE_EVERY_MS) {
        prunedAt = Date.now();
        await pruneAuditEvents(db, auditRetentionDays());
      }
    })()
      .catch((error: unknown) => console.error(`[runs] sweep failed: ${describeError(error)}`))
      .finally(() => (sweeping = false));
  }, sweepMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await schedules.stop();
    },
  };
}
