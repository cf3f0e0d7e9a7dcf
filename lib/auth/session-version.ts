// Revocable JWT sessions. A session token is a signed cookie valid for 30 days on its own, so each
// token carries the user's session version (claim `sv`), and whoever reads a session compares it
// with users.session_version: sign-out and password change bump the column, which ends every
// token issued before. Reading the claim: ./session-claims.ts (no database, for the proxy's config).
import { and, eq, sql } from "drizzle-orm";
import { users } from "@/lib/db/schema";
import type { DbOrTx } from "@/lib/db/types";

/** The user's current session version; null when the user doesn't exist. */
export async function sessionVersionOf(db: DbOrTx, userId: string): Promise<number | null> {
  const [row] = await db.select({ sessionVersion: users.sessionVersion }).from(users).where(eq(users.id, userId)).limit(1);
  return row?.sessionVersion ?? null;
}

/**
 * Ends every session of the user issued so far; answers the new version (null: no such user, or
 * `onlyFrom` given and no longer current: a revoked token can't sign the owner's new sessions out).
 */
export async function revokeSessions(db: DbOrTx, userId: string, onlyFrom?: number): Promise<number | null> {
  const [row] = await db
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(onlyFrom === undefined ? eq(users.id, userId) : and(eq(users.id, userId), eq(users.sessionVersion, onlyFrom)))
    .returning({ sessionVersion: users.sessionVersion });
  return row?.sessionVersion ?? null;
}
