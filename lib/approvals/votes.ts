/**
 * Quorum: N of the approvers must approve; the first rejection before that rejects. Votes are
 * kept on the open waitpoint row (its `decision` column, replaced by the final decision when the
 * waitpoint closes), in the order they were recorded under the row's lock.
 */
import { z } from "zod";

export const voteSchema = z.object({
  by: z.string().nullable(),
  decision: z.enum(["approved", "rejected"]),
  input: z.record(z.string(), z.unknown()),
  at: z.string(),
});
export type Vote = z.infer<typeof voteSchema>;

const ledgerSchema = z.object({ votes: z.array(voteSchema) });

/** The votes recorded on an open waitpoint's `decision` column (none when it holds something else). */
export function votesOf(decision: unknown): Vote[] {
  const parsed = ledgerSchema.safeParse(decision);
  return parsed.success ? parsed.data.votes : [];
}

export type Outcome =
  | { final: false; approvals: number }
  | { final: true; decision: "approved" | "rejected"; input: Record<string, unknown>; by: string; deciding: Vote };

/** How many approvals a waitpoint needs: its node's `requiredApprovals`, at most one per approver. */
export function requiredApprovals(details: unknown): number {
  const d = (details ?? {}) as { requiredApprovals?: unknown; approvers?: unknown };
  const approvers = Array.isArray(d.approvers) ? d.approvers.length : 0;
  const asked = typeof d.requiredApprovals === "number" && Number.isInteger(d.requiredApprovals) ? d.requiredApprovals : 1;
  return Math.max(1, Math.min(asked, Math.max(approvers, 1)));
}

const MAX_BY = 320;

/** Walks the votes in order: the first to reach N approvals, or the first rejection, decides. */
export function outcomeOf(votes: readonly Vote[], required: number): Outcome {
  const approvedBy: string[] = [];
  for (const vote of votes) {
    if (vote.decision === "rejected") {
      return { final: true, decision: "rejected", input: vote.input, by: (vote.by ?? "someone with the link").slice(0, MAX_BY), deciding: vote };
    }
    approvedBy.push(vote.by ?? "someone with the link");
    if (approvedBy.length >= required) {
      // Every approver's fields, later votes winning on the same key; the deciding vote last.
      const input = Object.assign({}, ...votes.slice(0, approvedBy.length).map((v) => v.input)) as Record<string, unknown>;
      return { final: true, decision: "approved", input, by: approvedBy.join(", ").slice(0, MAX_BY), deciding: vote };
    }
  }
  return { final: false, approvals: approvedBy.length };
}
