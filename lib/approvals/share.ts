/**
 * Share links: a workspace's editors switch a public, read-only page on (a fresh 256-bit token whose
 * SHA-256 hash is runs.shareTokenHash) or off (the hash is cleared: the link is 404 at once).
 * A share token names exactly one run and only ever reads it.
 */
import { and, eq, isNotNull } from "drizzle-orm";
import { runs } from "@/lib/db/schema";
import type { Db } from "@/lib/db/types";
import { RunServiceError, runNotFound } from "@/lib/runs/errors";
import { allowedIn, type Actor } from "@/lib/workspaces/access";
import { hashToken, newToken, TOKEN_PATTERN } from "./tokens";

/** Publishing a run is an editor's decision (a runner may run, not publish). */
const shareable = (actor: Actor) => allowedIn(actor, runs.workspaceId, "edit");

export async function enableSharing(db: Db, actor: Actor, runId: string): Promise<string> {
  const token = newToken();
  const [row] = await db.update(runs).set({ shareTokenHash: hashToken(token) }).where(and(eq(runs.id, runId), shareable(actor))).returning({ id: runs.id });
  if (!row) throw runNotFound();
  return token;
}

export async function disableSharing(db: Db, actor: Actor, runId: string): Promise<void> {
  // A later share starts as not embeddable again.
  const [row] = await db.update(runs).set({ shareTokenHash: null, shareEmbeddable: false }).where(and(eq(runs.id, runId), shareable(actor))).returning({ id: runs.id });
  if (!row) throw runNotFound();
}

/** Whether the run is shared, and whether other sites may show its share page in an iframe. */
export async function shareState(db: Db, actor: Actor, runId: string): Promise<{ shared: boolean; embeddable: boolean }> {
  const [row] = await db.select({ hash: runs.shareTokenHash, embeddable: runs.shareEmbeddable }).from(runs).where(and(eq(runs.id, runId), allowedIn(actor, runs.workspaceId, "view")));
  return { shared: Boolean(row?.hash), embeddable: Boolean(row?.hash && row.embeddable) };
}

/**
 * Lets other sites embed the share page (/share/<token>/embed answers, with frame-ancestors *),
 * or not (it is 404). Only a shared run can be embeddable.
 */
export async function setShareEmbeddable(db: Db, actor: Actor, runId: string, on: boolean): Promise<void> {
  const [row] = await db
    .update(runs)
    .set({ shareEmbeddable: on })
    .where(and(eq(runs.id, runId), shareable(actor), isNotNull(runs.shareTokenHash)))
    .returning({ id: runs.id });
  if (!row) throw new RunServiceError("not_found", "No such shared run: share it first");
}

/** The run a share token opens (id, owner and version), or null: unknown, malformed or switched off. */
export async function sharedRun(db: Db, token: string) {
  if (!TOKEN_PATTERN.test(token)) return null;
  const [row] = await db.select().from(runs).where(eq(runs.shareTokenHash, hashToken(token)));
  return row ?? null;
}

/** Headers of every shared page and stream: never indexed, never cached, no referrer leaks the token. */
export const NOINDEX_HEADERS = { "x-robots-tag": "noindex, nofollow", "cache-control": "no-store", "referrer-policy": "no-referrer" };

export const shareNotFound = () => Response.json({ error: "No such shared run" }, { status: 404, headers: NOINDEX_HEADERS });
