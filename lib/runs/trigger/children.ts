/**
 * A child run that ended on Trigger.dev (or was closed for it) and the parent coordinator waiting
 * for it. The child's end already answered the parent's `workflow` waitpoint in the transaction
 * that ended it (../store/children.ts); the parent, suspended on its wait token, learns of it only
 * when that token is completed. A parent that has no token yet finds the answer recorded when it
 * gets to its wait (./waiting.ts), so nothing is lost when this finds no token.
 */
import { and, eq, sql } from "drizzle-orm";
import { runs, waitpoints } from "../../db/schema";
import type { DbOrTx } from "../../db/types";
import { triggerControl, type TriggerControl } from "./control";

/** Completes the wait token of the Trigger.dev parent whose `workflow` waitpoint `childRunId`'s end decided; true when one was. */
export async function wakeTriggerParent(db: DbOrTx, childRunId: string, control: TriggerControl = triggerControl()): Promise<boolean> {
  const [waiting] = await db
    .select({ id: waitpoints.id, tokenId: waitpoints.triggerTokenId, decision: waitpoints.decision, decidedBy: waitpoints.decidedBy })
    .from(waitpoints)
    .innerJoin(runs, eq(runs.id, waitpoints.runId))
    .where(
      and(
        eq(waitpoints.kind, "workflow"),
        eq(waitpoints.status, "decided"),
        sql`${waitpoints.details}->>'childRunId' = ${childRunId}`,
        eq(runs.runtime, "trigger.dev"),
        eq(runs.status, "running"),
      ),
    );
  if (!waiting?.tokenId) return false;
  // A failure throws: the child's coordinator attempt fails, and its retry (which finds the child
  // ended) calls this again; the parent would otherwise sleep on its token for the wait's 30 days.
  await control.completeToken(waiting.tokenId, { waitpointId: waiting.id, input: waiting.decision ?? {}, decidedBy: waiting.decidedBy ?? `run:${childRunId}` });
  return true;
}
