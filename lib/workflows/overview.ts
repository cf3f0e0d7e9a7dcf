/**
 * The workflows list with what the list shows of their runs: how many, and the latest one's
 * status, for one workspace. Scoped by the actor like every workflow query (lib/workflows/queries.ts).
 */
import { and, desc, eq, ilike, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, type DbOrTx } from "@/lib/db/client";
import { workflows, type RunStatus } from "@/lib/db/schema";
import { allowedIn, type Actor } from "@/lib/workspaces/access";

export type WorkflowOverview = {
  id: string;
  name: string;
  updatedAt: Date;
  runCount: number;
  lastRun: { id: string; status: RunStatus; startedAt: Date } | null;
};

/** The list page's query string: an optional name search. */
export const workflowSearchSchema = z.object({ q: z.string().trim().max(120).optional().catch(undefined) });

/** `%`, `_` and `\` match themselves in the search, not as LIKE wildcards. */
export const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function listWorkflowOverviews(actor: Actor, workspaceId: string, options: { search?: string } = {}, db?: DbOrTx): Promise<WorkflowOverview[]> {
  db ??= (await getDb()).db;
  const search = options.search?.trim();
  // Written out qualified: drizzle leaves column names unqualified in a one-table select, and inside
  // these subqueries an unqualified "id" would be the run's.
  const ofThisWorkflow = sql.raw(`from "runs" as "r" where "r"."workflow_id" = "workflows"."id"`);
  const runCount = sql<number>`(select count(*) ${ofThisWorkflow})`.mapWith(Number);
  const last = (column: string) => sql<string | null>`(select ${sql.raw(column)} ${ofThisWorkflow} order by "r"."started_at" desc, "r"."id" desc limit 1)`;
  const rows = await db
    .select({
      id: workflows.id,
      name: workflows.name,
      updatedAt: workflows.updatedAt,
      runCount,
      lastRunId: last(`"r"."id"`),
      lastRunStatus: last(`"r"."status"`),
      lastRunStartedAt: last(`(extract(epoch from "r"."started_at") * 1000)::float8`),
    })
    .from(workflows)
    .where(and(eq(workflows.workspaceId, workspaceId), allowedIn(actor, workflows.workspaceId, "view"), search ? ilike(workflows.name, likePattern(search)) : undefined))
    .orderBy(desc(workflows.updatedAt), desc(workflows.createdAt));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    updatedAt: r.updatedAt,
    runCount: r.runCount,
    lastRun:
      r.lastRunId && r.lastRunStatus && r.lastRunStartedAt
        ? { id: r.lastRunId, status: r.lastRunStatus as RunStatus, startedAt: new Date(Number(r.lastRunStartedAt)) }
        : null,
  }));
}
