/**
 * Share links: a run's owner switches a public, read-only page on (a fresh 256-bit token whose
 * SHA-256 hash is runs.shareTokenHash) or off (the hash is cleared: the link is 404 at once).
 * A share token names exactly one run and only ever reads it.
 */
import { and, eq } from "drizzle-orm";
import { runs } from "@/lib/db/schema";
import type { Db } from "@/lib/db/types";
import { runNotFound } from "@/lib/runs/errors";
import { hashToken, newToken, TOKEN_PATTERN } from "./tokens";

export async function enableSharing(db: Db, userId: string, runId: string): Promise<string> {
  const token = newToken();
  const [row] = await db.update(runs).set({ shareTokenHash: hashToken(token) }).where(and(eq(runs.id, runId), eq(runs.ownerId, userId))).returning({ id: runs.id });
  if (!row) throw runNotFound();
  return token;
}

export async function disableSharing(db: Db, userId: string, runId: string): Promise<void> {
  const [row] = await db.update(runs).set({ shareTokenHash: null }).where(and(eq(runs.id, runId), eq(runs.ownerId, userId))).returning({ id: runs.id });
  if (!row) throw runNotFound();
}

export async function isShared(db: Db, userId: string, runId: string): Promise<boolean> {
  const [row] = await db.select({ hash: runs.shareTokenHash }).from(runs).where(and(eq(runs.id, runId), eq(runs.ownerId, userId)));
  return Boolean(row?.hash);
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
