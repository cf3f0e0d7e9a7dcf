/**
 * What the run's owner sees and does: the approval links of a run (from its outbox messages; the
 * database keeps only the tokens' hashes), the outbox, and deciding a waitpoint themselves.
 */
import { and, desc, eq, inArray } from "drizzle-orm";
import { approvalTokens, outbox, runs, waitpoints, type OutboxMessage } from "@/lib/db/schema";
import type { Db } from "@/lib/db/types";
import { runNotFound } from "@/lib/runs/errors";
import type { ResumeWaitpoint } from "./resume";
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

/** The links mailed for the run's open waitpoints, unused first. Someone else's run: not_found. */
export async function runLinks(db: Db, userId: string, runId: string): Promise<WaitpointLink[]> {
  const [owned] = await db.select({ id: runs.id }).from(runs).where(and(eq(runs.id, runId), eq(runs.ownerId, userId)));
  if (!owned) throw runNotFound();
  const mails = await db.select({ to: outbox.to, text: outbox.text }).from(outbox).where(and(eq(outbox.runId, runId), eq(outbox.ownerId, userId)));
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

/** The owner's outbox, newest first (optionally one run's). */
export async function listOutbox(db: Db, userId: string, options: { runId?: string; limit?: number } = {}): Promise<OutboxMessage[]> {
  return db
    .select()
    .from(outbox)
    .where(and(eq(outbox.ownerId, userId), options.runId ? eq(outbox.runId, options.runId) : undefined))
    .orderBy(desc(outbox.createdAt))
    .limit(options.limit ?? 100);
}

/** The owner decides an approval waitpoint of their run (no quorum: the owner's word is final). */
export async function ownerDecide(
  db: Db,
  user: { id: string; email: string | null },
  runId: string,
  waitpointId: string,
  decision: "approved" | "rejected",
  resume: ResumeWaitpoint,
): Promise<void> {
  const [wp] = await db
    .select({ kind: waitpoints.kind })
    .from(waitpoints)
    .innerJoin(runs, eq(runs.id, waitpoints.runId))
    .where(and(eq(waitpoints.id, waitpointId), eq(waitpoints.runId, runId), eq(runs.ownerId, user.id)));
  if (!wp) throw runNotFound();
  const by = user.email ?? "the workflow's owner";
  await resume(db, user.id, runId, { waitpointId }, { decision, by }, by);
}
