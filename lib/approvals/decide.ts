/**
 * Deciding through an approval link (POST only, same origin only). Under the waitpoint row's lock,
 * the token is spent (usedAt) and the vote recorded; when the vote settles the quorum, the run is
 * answered through the run service (handed in as `resume`), whose open -> decided update lets
 * exactly one answer through and records it with the run in one write. A vote that did not count
 * (input refused) gives the token back.
 */
import { and, eq, gt, isNull, or } from "drizzle-orm";
import { approvalTokens, waitpoints } from "@/lib/db/schema";
import type { Db } from "@/lib/db/types";
import { originMatchesHost } from "@/lib/http/origin";
import { audit } from "@/lib/audit/record";
import { RunServiceError } from "@/lib/runs/errors";
import { checkInput, type FieldErrors, type FormValues } from "./form";
import { hashToken, releaseToken, TOKEN_PATTERN } from "./tokens";
import { loadLink, viewOf, type LinkView } from "./view";
import type { ResumeWaitpoint } from "./resume";
import { outcomeOf, requiredApprovals, votesOf, type Vote } from "./votes";

export interface Submission {
  token: string;
  decision: "approved" | "rejected" | "submit";
  values: FormValues;
  /** The request's Origin header and host: anything but the same origin is refused (lib/http/origin). */
  origin: string | null;
  host: string | null;
  /** The client's address, for the audit log. */
  address?: string | null;
}

export type SubmitResult =
  | { ok: true; view: LinkView }
  | { ok: false; reason: "cross-origin" }
  | { ok: false; reason: "invalid-input"; errors: FieldErrors; view: LinkView }
  | { ok: false; reason: "busy"; view: LinkView }
  | { ok: false; reason: "closed"; view: LinkView };

type Claim = { kind: "closed" } | { kind: "pending"; usedAt: Date } | { kind: "final"; usedAt: Date; input: unknown; by: string };

export async function submitWithToken(db: Db, s: Submission, resume: ResumeWaitpoint): Promise<SubmitResult> {
  if (!originMatchesHost(s.origin, s.host)) return { ok: false, reason: "cross-origin" };
  if (!TOKEN_PATTERN.test(s.token)) return { ok: false, reason: "closed", view: { state: "invalid" } };
  const ctx = await loadLink(db, s.token);
  const view = viewOf(ctx);
  if (!ctx?.run.ownerId || view.state !== "open") return { ok: false, reason: "closed", view };

  // Approving (and human input) must match the schema; a rejection carries whatever was valid.
  const isApproval = ctx.waitpoint.kind === "approval";
  const decision = isApproval ? (s.decision === "rejected" ? "rejected" : "approved") : "submit";
  const checked = checkInput(view.schema, s.values);
  if (!checked.ok && decision !== "rejected") return { ok: false, reason: "invalid-input", errors: checked.errors, view };
  const input = checked.ok ? checked.input : {};
  const by = ctx.token.approverEmail;
  const ownerId = ctx.run.ownerId;

  const claim = await db.transaction(async (tx): Promise<Claim> => {
    const [wp] = await tx.select().from(waitpoints).where(and(eq(waitpoints.id, ctx.waitpoint.id), eq(waitpoints.status, "open"))).for("update");
    if (!wp) return { kind: "closed" };
    const now = new Date();
    const [spent] = await tx
      .update(approvalTokens)
      .set({ usedAt: now })
      .where(and(eq(approvalTokens.tokenHash, hashToken(s.token)), isNull(approvalTokens.usedAt), or(isNull(approvalTokens.expiresAt), gt(approvalTokens.expiresAt, now))))
      .returning();
    if (!spent) return { kind: "closed" };
    if (!isApproval) return { kind: "final", usedAt: now, input, by: by ?? "someone with the link" };
    const votes: Vote[] = [...votesOf(wp.decision), { by, decision: decision as Vote["decision"], input, at: now.toISOString() }];
    await tx.update(waitpoints).set({ decision: { votes } }).where(eq(waitpoints.id, wp.id));
    const outcome = outcomeOf(votes, requiredApprovals(wp.details));
    if (!outcome.final) return { kind: "pending", usedAt: now };
    return { kind: "final", usedAt: now, input: { decision: outcome.decision, input: outcome.input, by: outcome.by, votes }, by: outcome.by };
  });

  const after = async () => viewOf(await loadLink(db, s.token));
  if (claim.kind === "closed") return { ok: false, reason: "closed", view: await after() };
  // The link's own vote or answer, as its addressee (the outcome may need more votes).
  const counted = () =>
    audit(db, {
      ownerId,
      actor: { kind: "approval_link", email: by ?? "someone with the link" },
      action: decision === "approved" ? "run.approve" : decision === "rejected" ? "run.reject" : "run.answer",
      objectId: ctx.run.id,
      address: s.address,
      detail: { waitpointId: ctx.waitpoint.id, nodeId: ctx.waitpoint.nodeId },
    });
  if (claim.kind === "pending") {
    await counted();
    return { ok: true, view: await after() };
  }

  const resumed = await answer(resume, db, ctx.run.id, ctx.waitpoint.id, claim.input, claim.by);
  if (resumed === "ok") {
    await counted();
    return { ok: true, view: await after() };
  }
  const current = await after();
  if (current.state === "decided" || current.state === "cancelled" || current.state === "invalid") return { ok: false, reason: "closed", view: current };
  // The vote did not count: the waitpoint is still open, so the link works again.
  await withdrawVote(db, ctx.waitpoint.id, s.token, claim.usedAt);
  const reopened = await after();
  if (resumed instanceof RunServiceError && resumed.code === "invalid") return { ok: false, reason: "invalid-input", errors: { "": resumed.message.replace(/^input: /, "") }, view: reopened };
  return { ok: false, reason: "busy", view: reopened };
}

async function withdrawVote(db: Db, waitpointId: string, token: string, usedAt: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const [wp] = await tx.select().from(waitpoints).where(and(eq(waitpoints.id, waitpointId), eq(waitpoints.status, "open"))).for("update");
    if (!wp) return;
    const votes = votesOf(wp.decision).filter((v) => v.at !== usedAt.toISOString());
    await tx.update(waitpoints).set({ decision: votes.length ? { votes } : null }).where(eq(waitpoints.id, waitpointId));
    await releaseToken(tx, hashToken(token), usedAt);
  });
}

/** Answers through the run service (the link's token is the access); its refusal is returned, not thrown. */
async function answer(resume: ResumeWaitpoint, db: Db, runId: string, waitpointId: string, input: unknown, by: string): Promise<"ok" | Error> {
  try {
    await resume(db, runId, { waitpointId }, input, by);
    return "ok";
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}
