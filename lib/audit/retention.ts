/**
 * How long the audit log keeps entries: FLOWMAESTRO_AUDIT_RETENTION_DAYS (default 365). The run
 * worker's sweep (lib/runs/worker.ts) prunes older entries at most once an hour; the prune is the
 * only delete the append-only trigger lets through (migration 0011).
 */
import { lt, sql } from "drizzle-orm";
import { auditEvents } from "@/lib/db/schema";
import type { Db } from "@/lib/db/types";

export const DEFAULT_AUDIT_RETENTION_DAYS = 365;
export const AUDIT_PRUNE_EVERY_MS = 60 * 60_000;

/** The configured retention in days; a value that is not a whole number of days ≥ 1 is refused with the reason. */
export function auditRetentionDays(env: Record<string, string | undefined> = process.env): number {
  const raw = env.FLOWMAESTRO_AUDIT_RETENTION_DAYS?.trim();
  if (!raw) return DEFAULT_AUDIT_RETENTION_DAYS;
  const days = Number(raw);
  if (!Number.isInteger(days) || days < 1) throw new Error(`FLOWMAESTRO_AUDIT_RETENTION_DAYS: "${raw}" is not a whole number of days (1 or more)`);
  return days;
}

/** Deletes entries older than `days` before `now`; answers how many. */
export async function pruneAuditEvents(db: Db, days: number, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - days * 86_400_000);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('flowmaestro.audit_prune', 'on', true)`);
    const deleted = await tx.delete(auditEvents).where(lt(auditEvents.at, cutoff)).returning({ id: auditEvents.id });
    return deleted.length;
  });
}
