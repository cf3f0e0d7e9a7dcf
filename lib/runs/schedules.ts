/**
 * Schedules: each `schedule` entry node's { cron, timezone } fires runs from the server process.
 * With several processes on one PostgreSQL, every process keeps the cron jobs, and inserting the
 * tick's (workflowId, nodeId, scheduledAt) row decides which one fires it: the others conflict.
 */
import { Cron } from "croner";
import { sql } from "drizzle-orm";
import { scheduleTicks, workflows } from "@/lib/db/schema";
import type { Db } from "@/lib/db/types";
import { describeError } from "./log";

export interface Schedules {
  /** Re-reads workflow definitions: new schedules start, changed or removed ones stop. */
  refresh(): Promise<void>;
  /** Stops the cron jobs and waits for ticks being fired right now. */
  stop(): Promise<void>;
  /** Runs started by this process (tests). */
  fired: string[];
}

interface ScheduleEntry {
  workflowId: string;
  ownerId: string;
  nodeId: string;
  cron: string;
  timezone?: string;
}

function entriesOf(row: { id: string; ownerId: string; definition: unknown }): ScheduleEntry[] {
  const nodes = (row.definition as { nodes?: unknown })?.nodes;
  if (!Array.isArray(nodes)) return [];
  return nodes.flatMap((node: unknown) => {
    const n = node as { id?: unknown; type?: unknown; parentId?: unknown; config?: { cron?: unknown; timezone?: unknown } };
    if (n.type !== "schedule" || typeof n.id !== "string" || n.parentId || typeof n.config?.cron !== "string") return [];
    const timezone = typeof n.config.timezone === "string" && n.config.timezone ? n.config.timezone : undefined;
    return [{ workflowId: row.id, ownerId: row.ownerId, nodeId: n.id, cron: n.config.cron, timezone }];
  });
}

/** Claims one tick: true for exactly one caller across processes. */
export async function claimTick(db: Db, workflowId: string, nodeId: string, scheduledAt: Date): Promise<boolean> {
  const rows = await db.insert(scheduleTicks).values({ workflowId, nodeId, scheduledAt }).onConflictDoNothing().returning({ nodeId: scheduleTicks.nodeId });
  return rows.length > 0;
}

export async function startSchedules(db: Db): Promise<Schedules> {
  const jobs = new Map<string, Cron>();
  /** Schedules whose stored cron does not parse (key includes the cron: a fixed one is tried again). */
  const skipped = new Set<string>();
  const fired: string[] = [];
  const firing = new Set<Promise<void>>();

  async function fire(entry: ScheduleEntry): Promise<void> {
    const scheduledAt = new Date(Math.floor(Date.now() / 1000) * 1000);
    if (!(await claimTick(db, entry.workflowId, entry.nodeId, scheduledAt))) return;
    const { startWorkflowRun } = await import("./service");
    try {
      const started = await startWorkflowRun(db, "system", entry.workflowId, { scheduledAt: scheduledAt.toISOString() }, "schedule", { nodeId: entry.nodeId });
      fired.push(started.run.id);
    } catch (error) {
      console.error(`[schedules] ${entry.workflowId}/${entry.nodeId} did not start: ${describeError(error)}`);
    }
  }

  async function refresh(): Promise<void> {
    const rows = await db
      .select({ id: workflows.id, ownerId: workflows.ownerId, definition: workflows.definition })
      .from(workflows)
      .where(sql`${workflows.definition}->'nodes' @> '[{"type":"schedule"}]'::jsonb`);
    const wanted = new Map(rows.flatMap(entriesOf).map((e) => [JSON.stringify([e.workflowId, e.nodeId, e.cron, e.timezone ?? null]), e]));
    for (const [key, job] of jobs) {
      if (wanted.has(key)) continue;
      job.stop();
      jobs.delete(key);
    }
    for (const [key, entry] of wanted) {
      if (jobs.has(key) || skipped.has(key)) continue;
      try {
        const onTick = () => {
          const done = fire(entry).finally(() => firing.delete(done));
          firing.add(done);
        };
        jobs.set(key, new Cron(entry.cron, { timezone: entry.timezone, protect: true, catch: true }, onTick));
      } catch (error) {
        // An invalid cron never passes the editor's validation; a stored one is skipped (said once), not fatal.
        if (!skipped.has(key)) console.error(`[runs] schedule ${key} skipped: ${describeError(error)}`);
        skipped.add(key);
      }
    }
  }

  await refresh();
  return {
    refresh,
    fired,
    async stop() {
      for (const job of jobs.values()) job.stop();
      jobs.clear();
      await Promise.allSettled([...firing]);
    },
  };
}
