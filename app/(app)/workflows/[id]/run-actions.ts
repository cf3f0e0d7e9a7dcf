"use server";
/**
 * Reads for the editor's run views that the REST API doesn't offer: a workflow's recent runs and
 * one node instance's stored row (its input). Owner-scoped: someone else's ids read as nothing.
 */
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { requireUser } from "@/lib/auth/session";
import { allowedIn } from "@/lib/workspaces/access";
import { getDb } from "@/lib/db/client";
import { nodeRuns, runs, RUN_STATUSES } from "@/lib/db/schema";
import { workflowIdField } from "@/lib/workflows/names";

export type RunSummary = { id: string; status: string; trigger: string; startedAt: string; finishedAt: string | null; durationMs: number | null };

const listSchema = z.object({
  workflowId: workflowIdField,
  statuses: z.array(z.enum(RUN_STATUSES)).max(RUN_STATUSES.length).default([]),
  limit: z.number().int().min(1).max(100).default(30),
});

/** The workflow's most recent runs, newest first; `statuses` narrows them (empty: all). */
export async function listRunsAction(workflowId: unknown, statuses?: unknown, limit?: unknown): Promise<RunSummary[] | { error: string }> {
  const user = await requireUser();
  const parsed = listSchema.safeParse({ workflowId, statuses: statuses ?? [], limit: limit ?? 30 });
  if (!parsed.success) return { error: `${parsed.error.issues[0]?.path.join(".") || "input"}: ${parsed.error.issues[0]?.message}` };
  const { db } = await getDb();
  const { workflowId: id, statuses: only, limit: max } = parsed.data;
  const rows = await db
    .select({ id: runs.id, status: runs.status, trigger: runs.trigger, startedAt: runs.startedAt, finishedAt: runs.finishedAt, durationMs: runs.durationMs })
    .from(runs)
    .where(and(eq(runs.workflowId, id), allowedIn({ userId: user.id }, runs.workspaceId, "view"), only.length > 0 ? inArray(runs.status, only) : undefined))
    .orderBy(desc(runs.startedAt))
    .limit(max);
  return rows.map((r) => ({ ...r, startedAt: r.startedAt.toISOString(), finishedAt: r.finishedAt?.toISOString() ?? null }));
}

export type NodeRunDetail = { input: unknown; output: unknown; error: unknown; attempts: number; status: string; durationMs: number | null } | null;

const detailSchema = z.object({ runId: z.string().regex(/^run_[A-Za-z0-9_-]{1,80}$/), nodeId: z.string().min(1).max(200) });

/** The stored top-level instance of a node in one of the user's runs (null when it never ran). */
export async function nodeRunDetailAction(runId: unknown, nodeId: unknown): Promise<NodeRunDetail> {
  const user = await requireUser();
  const parsed = detailSchema.safeParse({ runId, nodeId });
  if (!parsed.success) return null;
  const { db } = await getDb();
  const rows = await db
    .select({ input: nodeRuns.input, output: nodeRuns.output, error: nodeRuns.error, attempts: nodeRuns.attempts, status: nodeRuns.status, durationMs: nodeRuns.durationMs })
    .from(nodeRuns)
    .innerJoin(runs, eq(runs.id, nodeRuns.runId))
    // The top-level instance only: a body node of a 10,000-iteration loop has 10,000 more.
    .where(and(eq(nodeRuns.runId, parsed.data.runId), eq(nodeRuns.nodeId, parsed.data.nodeId), sql`${nodeRuns.path} = '[]'::jsonb`, allowedIn({ userId: user.id }, runs.workspaceId, "view")));
  const top = rows[0];
  if (!top) return null;
  return { input: top.input, output: top.output, error: top.error, attempts: top.attempts, status: top.status, durationMs: top.durationMs };
}
