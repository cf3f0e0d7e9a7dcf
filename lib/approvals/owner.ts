/**
 * What a workspace's members see and do with approvals: the approval links of a run (from its
 * outbox messages; the database keeps only the tokens' hashes), the outbox, and deciding a
 * waitpoint themselves. A link approves without an account, so links and the outbox are for
 * members who may approve anyway (runners and above).
 */
import { and, desc, eq, inArray } from "drizzle-orm";
import { approvalTokens, outbox, runs, waitpoints, type OutboxMessage } from "@/lib/db/schema";
import type { Db } from "@/lib/db/types";
import { RunServiceError, runNotFound } from "@/lib/runs/errors";
import { allowedIn, requireCapability, roleOf, refusalText, type Actor } from "@/lib/workspaces/access";
import { can } from "@/lib/workspaces/roles";
import type { ResumeWaitpoint } from "./resume";
import { outcomeOf, requiredApprovals, votesOf } from "./votes";
import { hashToken } from "./tokens";

export interface WaitpointLink {
  waitpointId: string;
  to: string;
  /** As mailed (AUTH_URL or this server's port). */
  url: string;
  /** /approve/<token>: the page prefixes the origin it is served from. */
  path: string;
  used: boolean;
}

const LINK = /https?:\/\/[^\s"'<>]+\/approve\/([A-Za-z0-9_-]{43})/g;

/** The links mailed for the run's open waitpoints, unused first; [] for a member who may not approve. A stranger's run: not_found. */
export async function runLinks(db: Db, actor: Actor, runId: string): Promise<WaitpointLink[]> {
  const [run] = await db.select({ id: runs.id, workspaceId: runs.workspaceId }).from(runs).where(and(eq(runs.id, runId), allowedIn(actor, runs.workspaceId, "view")));
  if (!run) throw runNotFound();
  const role = await roleOf(db, actor, run.workspaceId);
  if (!role || !can(role, "run")) return [];
  const mails = await db.select({ to: outbox.to, text: outbox.text }).from(outbox).where(eq(outbox.runId, runId));
  const found = mails.flatMap((m) => [...m.text.matchAll(LINK)].map((match) => ({ to: m.to, url: match[0], path: `/approve/${match[1]}`, hash: hashToken(match[1]!) })));
  if (found.length === 0) return [];
  const tokens = await db
    .select({ hash: approvalTokens.tokenHash, waitpointId: approvalTokens.waitpointId, usedAt: approvalTokens.usedAt })
    .from(approvalTokens)
    .innerJoin(waitpoints, eq(waitpoints.id, approvalTokens.waitpointId))
    .where(and(inArray(approvalTokens.tokenHash, found.map((f) => f.hash)), eq(waitpoints.runId, runId), eq(waitpoints.status, "open")));
  const byHash = new Map(tokens.map((t) => [t.hash, t]));
  return found.flatMap((f) => {
    const t = byHash.get(f.hash);
    return t ? [{ waitpointId: t.waitpointId, to: f.to, url: f.url, path: f.path, used: t.usedAt !== null }] : [];
  });
}

/** A workspace's outbox, newest first (optionally one run's): runners and above. */
export async function listOutbox(db: Db, actor: Actor, workspaceId: string, options: { runId?: string; limit?: number } = {}): Promise<OutboxMessage[]> {
  await requireCapability(db, actor, workspaceId, "run");
  return db
    .select()
    .from(outbox)
    .where(and(eq(outbox.workspaceId, workspaceId), options.runId ? eq(outbox.runId, options.runId) : undefined))
    .orderBy(desc(outbox.createdAt))
    .limit(options.limit ?? 100);
}

/**
 * A member (runner and above) decides an approval waitpoint of a run in their workspace from the
 * app. An approval that needs several approvals (requiredApprovals) takes the member's answer as
 * one vote, like a link's (./votes.ts), and continues the run when the votes decide it; otherwise
 * the member's word is final. "voted": counted, more approvals are needed.
 */
export async function memberDecide(
  db: Db,
  user: { id: string; email: string | null },
  runId: string,
  waitpointId: string,
  decision: "approved" | "rejected",
  resume: ResumeWaitpoint,
): Promise<"decided" | "voted"> {
  const actor = { userId: user.id };
  const [wp] = await db
    .select({ kind: waitpoints.kind, workspaceId: runs.workspaceId, details: waitpoints.details })
    .from(waitpoints)
    .innerJoin(runs, eq(runs.id, waitpoints.runId))
    .where(and(eq(waitpoints.id, waitpointId), eq(waitpoints.runId, runId), allowedIn(actor, runs.workspaceId, "view")));
  if (!wp) throw runNotFound();
  const role = await roleOf(db, actor, wp.workspaceId);
  if (!role || !can(role, "run")) throw new RunServiceError("forbidden", refusalText(role ?? "viewer", "run"));
  const by = user.email ?? "a workspace member";
  const required = wp.kind === "approval" ? requiredApprovals(wp.details) : 1;
  if (required <= 1) {
    await resume(db, runId, { waitpointId }, { decision, by }, by);
    return "decided";
  }
  const at = new Date().toISOString();
  const outcome = await db.transaction(async (tx) => {
    const [open] = await tx.select().from(waitpoints).where(and(eq(waitpoints.id, waitpointId), eq(waitpoints.status, "open"))).for("update");
    if (!open) throw new RunServiceError("conflict", "The waitpoint was already answered");
    const votes = votesOf(open.decision);
    if (votes.some((v) => v.by?.toLowerCase() === by.toLowerCase())) throw new RunServiceError("conflict", "You already answered this approval; it waits for the others");
    const next = [...votes, { by, decision, input: {}, at }];
    await tx.update(waitpoints).set({ decision: { votes: next } }).where(eq(waitpoints.id, waitpointId));
    return { votes: next, result: outcomeOf(next, required) };
  });
  if (!outcome.result.final) return "voted";
  const { decision: final, input, by: deciders } = outcome.result;
  try {
    await resume(db, runId, { waitpointId }, { decision: final, input, by: deciders, votes: outcome.votes }, deciders);
  } catch (error) {
    // Not counted after all (the run moved on, or was busy): the waitpoint stays open without this vote.
    await db.transaction(async (tx) => {
      const [open] = await tx.select().from(waitpoints).where(and(eq(waitpoints.id, waitpointId), eq(waitpoints.status, "open"))).for("update");
      if (open) await tx.update(waitpoints).set({ decision: { votes: votesOf(open.decision).filter((v) => v.at !== at) } }).where(eq(waitpoints.id, waitpointId));
    });
    throw error;
  }
  return "decided";
}
