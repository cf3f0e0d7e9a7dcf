/**
 * The Runs page's read query: one workspace's runs, newest first, filtered by status, workflow
 * and a run-id search, one page at a time. Only runs of a workspace the actor can see are ever
 * read (a stranger's run id finds nothing).
 */
import { and, count, desc, eq, ilike, inArray, isNotNull, sql } from "drizzle-orm";
import { z } from "zod";
import { nodeRuns, RUN_STATUSES, runs, workflows, type RunStatus, type RunTrigger } from "../../db/schema";
import type { DbOrTx } from "../../db/types";
import { allowedIn, type Actor } from "../../workspaces/access";

export const RUNS_PAGE_SIZE = 25;

/** The page's query string; anything unusable is dropped, not an error (it is a link people edit). */
export const runListQuerySchema = z.object({
  status: z.enum(RUN_STATUSES).optional().catch(undefined),
  workflow: z.string().trim().min(1).max(100).optional().catch(undefined),
  q: z.string().trim().min(1).max(100).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
});
export type RunListQuery = z.infer<typeof runListQuerySchema>;

export type RunListRow = {
  id: string;
  status: RunStatus;
  trigger: RunTrigger;
  workflowId: string | null;
  workflowName: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
  /** The run's model calls (llm nodes' node runs): tokens and, where prices are known, cost in USD. */
  usage: { calls: number; totalTokens: number; usd: number | null } | null;
};

export type RunListPage = { rows: RunListRow[]; total: number; page: number; pageCount: number };

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function listRunsOfWorkspace(db: DbOrTx, actor: Actor, workspaceId: string, query: Partial<RunListQuery> = {}, pageSize = RUNS_PAGE_SIZE): Promise<RunListPage> {
  const where = and(
    eq(runs.workspaceId, workspaceId),
    allowedIn(actor, runs.workspaceId, "view"),
    query.status ? eq(runs.status, query.status) : undefined,
    query.workflow ? eq(runs.workflowId, query.workflow) : undefined,
    query.q ? ilike(runs.id, `%${escapeLike(query.q)}%`) : undefined,
  );
  const [{ total }] = await db.select({ total: count() }).from(runs).where(where);
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, query.page ?? 1), pageCount);
  const rows = await db
    .select({
      id: runs.id,
      status: runs.status,
      trigger: runs.trigger,
      workflowId: runs.workflowId,
      workflowName: workflows.name,
      startedAt: runs.startedAt,
      finishedAt: runs.finishedAt,
      durationMs: runs.durationMs,
    })
    .from(runs)
    .leftJoin(workflows, eq(workflows.id, runs.workflowId))
    .where(where)
    .orderBy(desc(runs.startedAt), desc(runs.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  const usage = await usageOfRuns(db, rows.map((r) => r.id));
  return { rows: rows.map((r) => ({ ...r, usage: usage.get(r.id) ?? null })), total, page, pageCount };
}

/** Tokens and cost summed per run over the node runs that recorded usage (lib/runs/recorder.ts: llm and agent nodes, lib/engine/llm/prices.ts). */
async function usageOfRuns(db: DbOrTx, runIds: string[]): Promise<Map<string, NonNullable<RunListRow["usage"]>>> {
  if (runIds.length === 0) return new Map();
  const sums = await db
    .select({
      runId: nodeRuns.runId,
      calls: count(),
      // Numbers only: a row written before usage was limited to llm nodes may hold anything.
      totalTokens: sql<string | null>`sum(case when jsonb_typeof(${nodeRuns.usage}->'totalTokens') = 'number' then (${nodeRuns.usage}->>'totalTokens')::float8 end)`,
      usd: sql<string | null>`sum(case when jsonb_typeof(${nodeRuns.usage}->'cost'->'usd') = 'number' then (${nodeRuns.usage}->'cost'->>'usd')::float8 end)`,
    })
    .from(nodeRuns)
    .where(and(inArray(nodeRuns.runId, runIds), isNotNull(nodeRuns.usage)))
    .groupBy(nodeRuns.runId);
  return new Map(sums.map((s) => [s.runId, { calls: Number(s.calls), totalTokens: Number(s.totalTokens ?? 0), usd: s.usd === null ? null : Number(s.usd) }]));
}
