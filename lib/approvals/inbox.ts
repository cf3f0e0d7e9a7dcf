/**
 * A member's approvals inbox (issue 16): the open approvals of runs in their workspaces that are
 * addressed to them: by their email, by a role they have ("role:admin": any admin, or anyone
 * above), or, when an approval names nobody, to the run's starter. Runners and above only (a
 * viewer can't decide). Deciding goes through memberDecide (./owner.ts).
 */
import { and, desc, eq, inArray } from "drizzle-orm";
import { runs, waitpoints, workflows, workspaceMembers, workspaces } from "@/lib/db/schema";
import type { DbOrTx } from "@/lib/db/types";
import { votesOf } from "./votes";
import { notAbove, rolesThatCan, type WorkspaceRole } from "@/lib/workspaces/roles";

export type InboxItem = {
  waitpointId: string;
  runId: string;
  nodeId: string;
  workflowName: string | null;
  message: string;
  openedAt: Date;
  expiresAt: Date | null;
  workspace: { slug: string; name: string };
  /** Why it is here: "you" (by email), the role named, or "starter" (nobody named: whoever started the run). */
  addressedAs: string;
};

const ROLE_APPROVER = /^role:(owner|admin|editor|runner)$/;

/** Why `approvers` address this member, or null when they don't. */
export function addressedAs(approvers: unknown, member: { email: string | null; role: WorkspaceRole; startedRun: boolean }): string | null {
  const list = Array.isArray(approvers) ? approvers.filter((a): a is string => typeof a === "string") : [];
  if (list.length === 0) return member.startedRun ? "starter" : null;
  const email = member.email?.toLowerCase();
  if (email && list.some((a) => a.toLowerCase() === email)) return "you";
  const role = list.find((a) => ROLE_APPROVER.test(a) && notAbove(a.slice(5) as WorkspaceRole, member.role));
  return role ?? null;
}

export async function inboxOf(db: DbOrTx, user: { id: string; email: string | null }, limit = 200): Promise<InboxItem[]> {
  const rows = await db
    .select({
      waitpointId: waitpoints.id,
      runId: waitpoints.runId,
      nodeId: waitpoints.nodeId,
      details: waitpoints.details,
      decision: waitpoints.decision,
      openedAt: waitpoints.createdAt,
      expiresAt: waitpoints.expiresAt,
      runOwner: runs.ownerId,
      workflowName: workflows.name,
      role: workspaceMembers.role,
      slug: workspaces.slug,
      workspaceName: workspaces.name,
    })
    .from(waitpoints)
    .innerJoin(runs, eq(runs.id, waitpoints.runId))
    .innerJoin(workspaceMembers, and(eq(workspaceMembers.workspaceId, runs.workspaceId), eq(workspaceMembers.userId, user.id), inArray(workspaceMembers.role, rolesThatCan("run"))))
    .innerJoin(workspaces, eq(workspaces.id, runs.workspaceId))
    .leftJoin(workflows, eq(workflows.id, runs.workflowId))
    .where(and(eq(waitpoints.status, "open"), eq(waitpoints.kind, "approval")))
    .orderBy(desc(waitpoints.createdAt))
    .limit(limit);
  return rows.flatMap((row) => {
    const details = (row.details ?? {}) as { approvers?: unknown; message?: unknown };
    const why = addressedAs(details.approvers, { email: user.email, role: row.role, startedRun: row.runOwner === user.id });
    const voted = user.email !== null && votesOf(row.decision).some((v) => v.by?.toLowerCase() === user.email!.toLowerCase());
    if (!why || voted) return [];
    return [{ waitpointId: row.waitpointId, runId: row.runId, nodeId: row.nodeId, workflowName: row.workflowName, message: String(details.message ?? ""), openedAt: row.openedAt, expiresAt: row.expiresAt, workspace: { slug: row.slug, name: row.workspaceName }, addressedAs: why }];
  });
}
