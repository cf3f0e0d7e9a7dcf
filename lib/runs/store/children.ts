// Child runs (spec 4.1) and the parent waiting for them. A parent's `workflow` node opens a
// waitpoint of kind `workflow` naming its child; the child's end answers it. Both sides lock the
// PARENT's run row first, so whichever writes second sees the other: a child that ends answers the
// waitpoint if it is stored already, and a checkpoint that stores the waitpoint answers it at once
// if the child ended before. The answer is recorded like a person's (./answers.ts): decided row,
// inbox + 1, run `running`; whoever executes the parent (or recovery, after a crash) takes it in.
import { and, eq, inArray, sql } from "drizzle-orm";
import { runs, waitpoints, type Run } from "../../db/schema";
import type { DbOrTx } from "../../db/types";
import type { ChildEnd } from "../../engine/handlers/workflow";

const ENDED = ["completed", "failed", "cancelled"] as const;
type EndedStatus = (typeof ENDED)[number];
const isEnded = (status: string): status is EndedStatus => (ENDED as readonly string[]).includes(status);

/** The answer a child's end gives its parent: status, outputs, and the error with its node's code. */
export function childEndOf(child: Pick<Run, "id" | "status" | "outputs" | "error" | "result">): ChildEnd | null {
  if (!isEnded(child.status)) return null;
  const error = child.error as { message?: unknown; nodeId?: unknown } | null;
  const nodes = (child.result as { nodes?: Record<string, { error?: { code?: unknown } }> } | null)?.nodes;
  const code = typeof error?.nodeId === "string" ? nodes?.[error.nodeId]?.error?.code : undefined;
  return {
    runId: child.id,
    status: child.status,
    outputs: (child.outputs as Record<string, unknown> | null) ?? {},
    ...(error && typeof error.message === "string" ? { error: { message: error.message, ...(typeof code === "string" ? { code } : {}) } } : {}),
  };
}

/** Decides the open `workflow` waitpoint of `parentRunId` that waits for `end.runId`; true when one was. */
async function decide(tx: DbOrTx, parentRunId: string, end: ChildEnd): Promise<boolean> {
  const [decided] = await tx
    .update(waitpoints)
    .set({ status: "decided", decision: end, decidedBy: `run:${end.runId}`, decidedAt: sql`now()` })
    .where(and(eq(waitpoints.runId, parentRunId), eq(waitpoints.kind, "workflow"), eq(waitpoints.status, "open"), sql`${waitpoints.details}->>'childRunId' = ${end.runId}`))
    .returning({ id: waitpoints.id });
  return Boolean(decided);
}

/** Called in the transaction that ends a child run: answers its parent's waitpoint, if stored already. */
export async function answerParent(tx: DbOrTx, child: Run): Promise<void> {
  if (!child.parentRunId) return;
  const end = childEndOf(child);
  if (!end) return;
  const [parent] = await tx.select({ status: runs.status }).from(runs).where(eq(runs.id, child.parentRunId)).for("update");
  if (!parent || (parent.status !== "paused" && parent.status !== "running")) return;
  if (!(await decide(tx, child.parentRunId, end))) return;
  await tx.update(runs).set({ inbox: sql`${runs.inbox} + 1`, status: "running", updatedAt: new Date() }).where(eq(runs.id, child.parentRunId));
}

/**
 * Called by a checkpoint (holding the parent's row lock) after it stored the run's waitpoints:
 * `workflow` waitpoints whose child has ended already are answered now. Returns how many.
 */
export async function answerEndedChildren(tx: DbOrTx, parentRunId: string): Promise<number> {
  const open = await tx
    .select({ childRunId: sql<string>`${waitpoints.details}->>'childRunId'` })
    .from(waitpoints)
    .where(and(eq(waitpoints.runId, parentRunId), eq(waitpoints.kind, "workflow"), eq(waitpoints.status, "open")));
  const ids = open.map((w) => w.childRunId).filter((id): id is string => typeof id === "string");
  if (ids.length === 0) return 0;
  const ended = await tx.select().from(runs).where(and(inArray(runs.id, ids), inArray(runs.status, [...ENDED])));
  let answered = 0;
  for (const child of ended) {
    const end = childEndOf(child);
    if (end && (await decide(tx, parentRunId, end))) answered++;
  }
  return answered;
}
