/**
 * One pause of a run on Trigger.dev: ONE wait token for all of the run's open waitpoints (a task
 * may wait on one thing at a time, and any of them may be answered first). The app records an
 * answer in the run store first (lib/runs/store/answers.ts), then completes the token whose id it
 * finds on the waitpoint row; the coordinator then reads the recorded answers. An answer recorded
 * before the token existed is found without waiting. A deadline already past expires at once (the
 * platform takes a timeout in the past as "no timeout").
 */
import { createHash } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import type { RunState, Waitpoint } from "../../engine";
import { waitpoints } from "../../db/schema";
import type { Db } from "../../db/types";
import { pendingAnswers } from "../store";
import type { TriggerPlatform } from "./platform";

export type Wakeup = "answered" | "timeout" | "stale";

/**
 * The token's idempotency key: the same run, the same open waitpoints and the same attempt give
 * the same token, so a retried coordinator waits on the token it created before.
 */
export function tokenKey(runId: string, open: Waitpoint[], attempt: number): string {
  return createHash("sha256").update(JSON.stringify([runId, open.map((w) => w.id).sort(), attempt])).digest("hex");
}

export async function waitForAnswer(db: Db, platform: TriggerPlatform, state: RunState, attempt: number, now = Date.now()): Promise<Wakeup> {
  if ((await pendingAnswers(db, state.runId)).length > 0) return "answered";
  const open = Object.values(state.waitpoints).sort((a, b) => a.openedAt - b.openedAt);
  const due = open.map((w) => w.expiresAt).filter((t): t is number => t !== null);
  const deadline = due.length > 0 ? Math.min(...due) : undefined;
  if (deadline !== undefined && deadline <= now) return "timeout";
  const token = await platform.createToken({ idempotencyKey: tokenKey(state.runId, open, attempt), ...(deadline !== undefined ? { timeout: new Date(deadline) } : {}) });
  await db
    .update(waitpoints)
    .set({ triggerTokenId: token.id })
    .where(and(eq(waitpoints.runId, state.runId), inArray(waitpoints.id, open.map((w) => w.id)), eq(waitpoints.status, "open")));
  // Answered while the token was being made (the app found no token id to complete): go on now.
  if ((await pendingAnswers(db, state.runId)).length > 0) return "answered";
  const waited = await platform.forToken(token.id);
  if (!waited.ok) return "timeout";
  if ((await pendingAnswers(db, state.runId)).length > 0) return "answered";
  console.warn(`[trigger] run ${state.runId}: token ${token.id} was completed but no answer is recorded; waiting again`);
  return "stale";
}
