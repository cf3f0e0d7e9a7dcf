// Waitpoints: where a paused run waits for an approval or a person's input.
import { and, asc, eq } from "drizzle-orm";
import { waitpoints, type Waitpoint } from "../../db/schema";
import type { DbOrTx } from "../../db/types";
import { parseInput } from "./errors";
import { CloseWaitpointInput, OpenWaitpointInput } from "./inputs";

/** Creates the waitpoint, or refreshes details/expiry of the same still-open one (idempotent). */
export async function openWaitpoint(db: DbOrTx, input: OpenWaitpointInput): Promise<Waitpoint> {
  const w = parseInput(OpenWaitpointInput, input, "waitpoint");
  const refreshed = {
    details: w.details ?? null,
    expiresAt: w.expiresAt ?? null,
    // A checkpoint re-writing the row leaves the wait token it was given alone.
    ...(w.triggerTokenId !== undefined ? { triggerTokenId: w.triggerTokenId } : {}),
  };
  const [row] = await db
    .insert(waitpoints)
    .values({ id: w.id, runId: w.runId, nodeId: w.nodeId, path: w.path, kind: w.kind, status: "open", ...refreshed })
    .onConflictDoUpdate({ target: waitpoints.id, set: refreshed, setWhere: eq(waitpoints.status, "open") })
    .returning();
  return row ?? (await getWaitpoint(db, w.id))!;
}

/**
 * Closes an open waitpoint. Returns the closed row, or null when it was not open (already
 * decided, expired or cancelled, or unknown): exactly one of two racing deciders wins.
 */
export async function closeWaitpoint(db: DbOrTx, id: string, input: CloseWaitpointInput): Promise<Waitpoint | null> {
  const c = parseInput(CloseWaitpointInput, input, "waitpoint decision");
  const [row] = await db
    .update(waitpoints)
    .set({
      status: c.status,
      decision: c.decision ?? null,
      decidedBy: c.decidedBy ?? null,
      decidedAt: c.decidedAt ?? new Date(),
    })
    .where(and(eq(waitpoints.id, id), eq(waitpoints.status, "open")))
    .returning();
  return row ?? null;
}

export async function getWaitpoint(db: DbOrTx, id: string): Promise<Waitpoint | null> {
  const [row] = await db.select().from(waitpoints).where(eq(waitpoints.id, id));
  return row ?? null;
}

export async function listOpenWaitpoints(db: DbOrTx, runId: string): Promise<Waitpoint[]> {
  return db
    .select()
    .from(waitpoints)
    .where(and(eq(waitpoints.runId, runId), eq(waitpoints.status, "open")))
    .orderBy(asc(waitpoints.createdAt), asc(waitpoints.id));
}
