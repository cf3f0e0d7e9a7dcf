/**
 * What an approval link shows, from its token alone: the open question (message or reason, form
 * schema), a decision already made, or nothing (unknown and expired links look the same).
 */
import { eq } from "drizzle-orm";
import { runs, waitpoints, workflows, type ApprovalToken, type Waitpoint } from "@/lib/db/schema";
import type { DbOrTx } from "@/lib/db/types";
import { findToken } from "./tokens";
import { outcomeOf, requiredApprovals, votesOf } from "./votes";

export type LinkView =
  | { state: "invalid" }
  | { state: "decided"; decision: string | null; by: string | null; at: string }
  | { state: "cancelled" }
  | { state: "voted"; at: string; approvals: number; required: number }
  | {
      state: "open";
      kind: "approval" | "human_input";
      workflowName: string;
      nodeId: string;
      message: string;
      schema: Record<string, unknown> | null;
      approver: string | null;
      expiresAt: string | null;
      approvals: number;
      required: number;
    };

export interface LinkContext {
  token: ApprovalToken;
  waitpoint: Waitpoint;
  run: { id: string; ownerId: string | null; workspaceId: string | null; status: string; workflowName: string | null };
}

export async function loadLink(db: DbOrTx, rawToken: string): Promise<LinkContext | null> {
  const token = await findToken(db, rawToken);
  if (!token) return null;
  const [row] = await db
    .select({ waitpoint: waitpoints, run: { id: runs.id, ownerId: runs.ownerId, workspaceId: runs.workspaceId, status: runs.status, workflowName: workflows.name } })
    .from(waitpoints)
    .innerJoin(runs, eq(runs.id, waitpoints.runId))
    .leftJoin(workflows, eq(workflows.id, runs.workflowId))
    .where(eq(waitpoints.id, token.waitpointId));
  return row ? { token, ...row } : null;
}

const iso = (d: Date | null | undefined) => (d ?? new Date()).toISOString();
const asObject = (v: unknown): Record<string, unknown> | null => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null);

export function viewOf(ctx: LinkContext | null, now = Date.now()): LinkView {
  if (!ctx || !ctx.run.ownerId) return { state: "invalid" };
  const { token, waitpoint: wp } = ctx;
  if (wp.status === "decided") {
    const decision = asObject(wp.decision);
    return { state: "decided", decision: typeof decision?.decision === "string" ? decision.decision : wp.kind === "human_input" ? "submitted" : null, by: wp.decidedBy, at: iso(wp.decidedAt) };
  }
  if (wp.status === "cancelled") return { state: "cancelled" };
  const expired = wp.status === "expired" || (token.expiresAt !== null && token.expiresAt.getTime() <= now) || (wp.expiresAt !== null && wp.expiresAt.getTime() <= now);
  if (expired) return { state: "invalid" };
  const required = wp.kind === "approval" ? requiredApprovals(wp.details) : 1;
  const outcome = outcomeOf(votesOf(wp.decision), required);
  // Settled by the votes, the run being resumed this moment: as good as decided.
  if (outcome.final) return { state: "decided", decision: outcome.decision, by: outcome.by, at: outcome.deciding.at };
  const approvals = outcome.approvals;
  if (token.usedAt) return { state: "voted", at: iso(token.usedAt), approvals, required };
  const details = asObject(wp.details) ?? {};
  const text = (v: unknown) => (typeof v === "string" ? v : "");
  return {
    state: "open",
    kind: wp.kind === "human_input" ? "human_input" : "approval",
    workflowName: ctx.run.workflowName ?? "Workflow",
    nodeId: wp.nodeId,
    message: wp.kind === "human_input" ? text(details.reason) : text(details.message),
    schema: asObject(wp.kind === "human_input" ? details.expectedSchema : details.fields),
    approver: token.approverEmail,
    expiresAt: wp.expiresAt?.toISOString() ?? null,
    approvals,
    required,
  };
}
