"use server";
/**
 * Pinned sample data (lib/workflows/pins.ts): pin a node's output as JSON text, or unpin it (no
 * `json` field). Owner only: someone else's workflow id answers like an unknown one.
 */
import { validatedActionWithUser, type ActionState } from "@/lib/auth/action";
import { getDb } from "@/lib/db/client";
import { parsePinText, pinSchema, setPinnedOutput, type PinnedOutputs } from "@/lib/workflows/pins";

export const pinOutputAction = validatedActionWithUser(pinSchema, async ({ workflowId, nodeId, json }, user): Promise<ActionState<PinnedOutputs>> => {
  let value: unknown = undefined;
  if (json !== undefined) {
    const parsed = parsePinText(json);
    if (!parsed.ok) return { error: parsed.error, fieldErrors: { json: parsed.error } };
    value = parsed.value;
  }
  const { db } = await getDb();
  const written = await setPinnedOutput(db, { userId: user.id }, workflowId, nodeId, value);
  if (!written) return { error: "No such workflow" };
  if (!written.ok) return { error: written.error };
  return { ok: true, message: json === undefined ? `Unpinned ${nodeId}` : `Pinned sample data on ${nodeId}`, data: written.pins };
});
