/**
 * Reading the audit log: one owner's entries, newest first, filtered (the log page's form and
 * GET /api/audit take the same query string), and as CSV.
 */
import { and, desc, eq, gte, ilike, lt, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { auditEvents, workflows } from "@/lib/db/schema";
import { isStorableText } from "@/lib/http/json";
import type { DbOrTx } from "@/lib/db/types";
import { AUDIT_ACTIONS, AUDIT_ACTION_IDS, AUDIT_OBJECT_TYPES } from "./actions";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "use YYYY-MM-DD").refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), "not a date");
const blankIsNone = (v: unknown) => (v === "" ? undefined : v);

/** The filters, from a query string: each optional, an empty field counts as none. */
export const auditFilterSchema = z.object({
  action: z.preprocess(blankIsNone, z.enum(AUDIT_ACTION_IDS as [string, ...string[]]).optional()),
  object: z.preprocess(blankIsNone, z.enum(AUDIT_OBJECT_TYPES).optional()),
  /** Part of the actor's email or key name. */
  actor: z.preprocess(blankIsNone, z.string().trim().max(200).refine(isStorableText, "contains a character the database can't compare (NUL or a lone surrogate)").optional()),
  /** Days in UTC, both included. */
  from: z.preprocess(blankIsNone, day.optional()),
  to: z.preprocess(blankIsNone, day.optional()),
  limit: z.preprocess(blankIsNone, z.coerce.number().int().min(1).max(10_000).default(200)),
});
export type AuditFilter = z.output<typeof auditFilterSchema>;

/** An entry as pages and exports show it; `workflowName` is the current name of the workflow a run entry names. */
export type AuditRow = {
  id: number;
  at: Date;
  actorKind: string;
  actorLabel: string;
  action: string;
  objectType: string;
  objectId: string;
  objectLabel: string | null;
  workflowId: string | null;
  workflowName: string | null;
  address: string | null;
  detail: Record<string, unknown> | null;
};

/** `%` and `_` are text here, not patterns. */
const likeText = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** One workspace's log (who may read it is the caller's check: admins). */
export async function listAuditEvents(db: DbOrTx, workspaceId: string, filter: AuditFilter): Promise<AuditRow[]> {
  const where: (SQL | undefined)[] = [eq(auditEvents.workspaceId, workspaceId)];
  if (filter.action) where.push(eq(auditEvents.action, filter.action));
  if (filter.object) where.push(eq(auditEvents.objectType, filter.object));
  if (filter.actor) where.push(ilike(auditEvents.actorLabel, likeText(filter.actor)));
  if (filter.from) where.push(gte(auditEvents.at, new Date(`${filter.from}T00:00:00Z`)));
  if (filter.to) where.push(lt(auditEvents.at, new Date(Date.parse(`${filter.to}T00:00:00Z`) + 86_400_000)));
  const workflowId = sql<string | null>`coalesce(${auditEvents.detail} ->> 'workflowId', case when ${auditEvents.objectType} = 'workflow' then ${auditEvents.objectId} end)`;
  return db
    .select({
      id: auditEvents.id,
      at: auditEvents.at,
      actorKind: auditEvents.actorKind,
      actorLabel: auditEvents.actorLabel,
      action: auditEvents.action,
      objectType: auditEvents.objectType,
      objectId: auditEvents.objectId,
      objectLabel: auditEvents.objectLabel,
      workflowId,
      workflowName: workflows.name,
      address: auditEvents.address,
      detail: auditEvents.detail,
    })
    .from(auditEvents)
    // Only the workspace's own workflow: an id in `detail` never names another workspace's.
    .leftJoin(workflows, and(eq(workflows.workspaceId, workspaceId), or(eq(workflows.id, sql`${auditEvents.detail} ->> 'workflowId'`), and(eq(auditEvents.objectType, "workflow"), eq(workflows.id, auditEvents.objectId)))))
    .where(and(...where))
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(filter.limit);
}

export const ACTOR_KINDS: Record<string, string> = { user: "person", api_key: "API key", approval_link: "approval link" };

/** What an entry says, in words: "alice@example.com edited workflow “Orders”". */
export function describeAudit(row: AuditRow): { actor: string; verb: string; object: string } {
  const verb = AUDIT_ACTIONS[row.action as keyof typeof AUDIT_ACTIONS] ?? row.action;
  const name = row.objectLabel ?? (row.objectType === "workflow" ? row.workflowName : null);
  return { actor: row.actorLabel, verb, object: name ? `“${name}”` : row.objectId };
}

const CSV_COLUMNS = ["at", "actor", "actor_kind", "action", "object_type", "object_id", "object_name", "workflow_id", "address", "detail"] as const;

/**
 * One cell: quoted, quotes doubled; text a spreadsheet would run as a formula (starting with =,
 * +, -, @, tab or carriage return) gets a leading apostrophe (OWASP's CSV injection advice), since
 * workflow, secret and key names are anyone's text.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function auditCsv(rows: AuditRow[]): string {
  const lines = [CSV_COLUMNS.join(",")];
  for (const r of rows) {
    const cells = [r.at.toISOString(), r.actorLabel, ACTOR_KINDS[r.actorKind] ?? r.actorKind, r.action, r.objectType, r.objectId, r.objectLabel ?? r.workflowName ?? "", r.workflowId ?? "", r.address ?? "", r.detail ? JSON.stringify(r.detail) : ""];
    lines.push(cells.map(csvCell).join(","));
  }
  return `${lines.join("\r\n")}\r\n`;
}
