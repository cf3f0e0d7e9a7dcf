/**
 * One pause of a run on Trigger.dev: ONE wait token for all of the run's open waitpoints (a task
 * may wait on one thing at a time, and any of them may be answered first). The token's id is
 * stored on every open waitpoint row (triggerTokenId); the approval page, after its own checks,
 * closes the row as decided and completes the token with { waitpointId, input, decidedBy }.
 * A row already decided (its token completion lost, or a retried coordinator) is used at once.
 */
import { createHash } from "node:crypto";
import type { RunState, Waitpoint } from "../../engine";
import type { Db } from "../../db/types";
import { closeWaitpoint, getWaitpoint, openWaitpoint } from "../store";
import { tokenDecision } from "./contract";
import type { TriggerPlatform } from "./platform";
import { waitpointRow } from "../waitpoint-sync";

export type Decision = { kind: "decision"; waitpointId: string; input: unknown } | { kind: "timeout" } | { kind: "stale" };

/** Stored decisions are objects (the service wraps anything else as { value }). */
const asDecision = (input: unknown) => (input && typeof input === "object" && !Array.isArray(input) ? input : { value: input ?? null });

/**
 * The token's idempotency key: the same run, the same open waitpoints and the same attempt give
 * the same token, so a retried coordinator waits on the token it created before.
 */
export function tokenKey(runId: string, open: Waitpoint[], attempt: number): string {
  return createHash("sha256").update(JSON.stringify([runId, open.map((w) => w.id).sort(), attempt])).digest("hex");
}

export async function waitForDecision(db: Db, platform: TriggerPlatform, state: RunState, attempt: number): Promise<Decision> {
  const open = Object.values(state.waitpoints).sort((a, b) => a.openedAt - b.openedAt);
  for (const wp of open) {
    const row = await getWaitpoint(db, wp.id);
    if (row?.status === "decided") return { kind: "decision", waitpointId: wp.id, input: row.decision ?? {} };
  }
  const due = open.map((w) => w.expiresAt).filter((t): t is number => t !== null);
  const timeout = due.length > 0 ? new Date(Math.min(...due)) : undefined;
  const token = await platform.createToken({ idempotencyKey: tokenKey(state.runId, open, attempt), ...(timeout ? { timeout } : {}) });
  for (const wp of open) {
    await openWaitpoint(db, waitpointRow(state.runId, wp, { triggerTokenId: token.id }));
  }
  // Decided while the token was being made (the app read no token id from the row, so it
  // completes nothing): apply it now instead of waiting on a token nobody will complete.
  for (const wp of open) {
    const row = await getWaitpoint(db, wp.id);
    if (row?.status === "decided") return { kind: "decision", waitpointId: wp.id, input: row.decision ?? {} };
  }
  const waited = await platform.forToken(token.id);
  if (!waited.ok) return { kind: "timeout" };
  const parsed = tokenDecision.safeParse(waited.output);
  if (!parsed.success || !state.waitpoints[parsed.data.waitpointId]) {
    console.warn(`[trigger] run ${state.runId}: token ${token.id} was completed with data that names no open waitpoint; waiting again`);
    return { kind: "stale" };
  }
  const { waitpointId, input, decidedBy } = parsed.data;
  // The approval page closed the row already; this covers a completion made without it.
  await closeWaitpoint(db, waitpointId, { status: "decided", decision: asDecision(input), decidedBy: decidedBy ?? null });
  return { kind: "decision", waitpointId, input: input ?? {} };
}
