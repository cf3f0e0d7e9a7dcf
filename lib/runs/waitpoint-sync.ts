/**
 * Keeps waitpoint rows in line with a run's snapshot: waitpoints open in the
 * state get a row; open rows whose waitpoint left the state are closed (the
 * caller closes the one it decided itself before resuming, so what is left
 * here expired, or went with a cancelled or finished run).
 */
import type { RunState, Waitpoint } from "../engine";
import type { DbOrTx } from "../db/types";
import { closeWaitpoint, listOpenWaitpoints, openWaitpoint, type OpenWaitpointInput } from "./store";

/** The row of a waitpoint open in a run's state. */
export function waitpointRow(runId: string, wp: Waitpoint, extra: Partial<OpenWaitpointInput> = {}): OpenWaitpointInput {
  return {
    id: wp.id,
    runId,
    nodeId: wp.key.nodeId,
    path: wp.key.path,
    kind: wp.kind,
    details: wp.details,
    expiresAt: wp.expiresAt === null ? null : new Date(wp.expiresAt),
    ...extra,
  };
}

export async function syncWaitpoints(db: DbOrTx, state: RunState): Promise<void> {
  const stored = await listOpenWaitpoints(db, state.runId);
  const storedIds = new Set(stored.map((w) => w.id));
  for (const wp of Object.values(state.waitpoints)) {
    if (storedIds.has(wp.id)) continue;
    await openWaitpoint(db, waitpointRow(state.runId, wp));
  }
  for (const row of stored) {
    if (state.waitpoints[row.id]) continue;
    await closeWaitpoint(db, row.id, { status: state.status === "cancelled" ? "cancelled" : "expired" });
  }
}
