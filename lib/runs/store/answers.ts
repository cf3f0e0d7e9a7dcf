// Answers to waitpoints. Recording one is ONE transaction: the waitpoint becomes decided with the
// answer, the run's inbox counts it and the run becomes `running` (claimed for the caller when
// nobody holds it). The decided row is where every loader finds the answer (lib/runs/snapshot.ts):
// after a crash at any moment the run continues from it, and the REST result, the run page and the
// approver's page agree at once. Whoever executes the run takes the answer in (./checkpoint.ts marks
// it applied and lowers the inbox in the same write).
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { runs, waitpoints, type Waitpoint } from "../../db/schema";
import type { DbOrTx } from "../../db/types";
import type { RecordedAnswer } from "../../engine";

export type AnswerRefusal = "closed" | "expired" | "run-ended" | "not-found";

export type RecordedAnswerResult =
  | { ok: true; waitpoint: Waitpoint; runStatus: "running"; claimed: boolean }
  | { ok: false; reason: AnswerRefusal; waitpoint?: Waitpoint };

export interface AnswerInput {
  runId: string;
  waitpointId: string;
  /** What the node's `resume` receives (any JSON value). */
  input: unknown;
  decidedBy?: string | null;
  /** Take the run's lease for this execution when nobody holds it (the caller then executes the run). */
  claimFor?: { owner: string; ttlMs: number };
}

export async function recordAnswer(db: DbOrTx, a: AnswerInput): Promise<RecordedAnswerResult> {
  return db.transaction(async (tx) => {
    // The run row first, as checkpoints do: a pause being written either sees this answer or is seen by it.
    const [run] = await tx
      .select({ status: runs.status, owner: runs.leaseOwner, expiresAt: runs.leaseExpiresAt })
      .from(runs)
      .where(eq(runs.id, a.runId))
      .for("update");
    if (!run) return { ok: false, reason: "not-found" };
    if (run.status !== "paused" && run.status !== "running") return { ok: false, reason: "run-ended" };
    const [decided] = await tx
      .update(waitpoints)
      .set({ status: "decided", decision: a.input === undefined ? {} : a.input, decidedBy: a.decidedBy ?? null, decidedAt: sql`now()` })
      .where(and(eq(waitpoints.id, a.waitpointId), eq(waitpoints.runId, a.runId), eq(waitpoints.status, "open"), sql`(${waitpoints.expiresAt} is null or ${waitpoints.expiresAt} > now())`))
      .returning();
    if (!decided) {
      const [row] = await tx.select().from(waitpoints).where(and(eq(waitpoints.id, a.waitpointId), eq(waitpoints.runId, a.runId)));
      if (!row) return { ok: false, reason: "not-found" };
      return { ok: false, reason: row.status === "open" ? "expired" : "closed", waitpoint: row };
    }
    const free = run.owner === null || (run.expiresAt !== null && run.expiresAt.getTime() < Date.now());
    const claimed = Boolean(a.claimFor && free);
    await tx
      .update(runs)
      .set({
        inbox: sql`${runs.inbox} + 1`,
        status: "running",
        updatedAt: new Date(),
        ...(claimed ? { leaseOwner: a.claimFor!.owner, leaseExpiresAt: new Date(Date.now() + a.claimFor!.ttlMs) } : {}),
      })
      .where(eq(runs.id, a.runId));
    return { ok: true, waitpoint: decided, runStatus: "running", claimed };
  });
}

/** Decided answers the run's state has not taken in yet, oldest first. */
export async function pendingAnswers(db: DbOrTx, runId: string): Promise<RecordedAnswer[]> {
  const rows = await db
    .select({ id: waitpoints.id, decision: waitpoints.decision, decidedAt: waitpoints.decidedAt })
    .from(waitpoints)
    .where(and(eq(waitpoints.runId, runId), eq(waitpoints.status, "decided"), isNull(waitpoints.appliedAt)))
    .orderBy(asc(waitpoints.decidedAt), asc(waitpoints.id));
  return rows.map((r) => ({ waitpointId: r.id, input: r.decision, decidedAt: (r.decidedAt ?? new Date()).getTime() }));
}
