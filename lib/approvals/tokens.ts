/**
 * Approval link tokens: 256-bit random, base64url, shown once (in the link) and stored only as
 * their SHA-256 hash. One per approver of a waitpoint, expiring with the waitpoint.
 */
import crypto from "node:crypto";
import { and, eq } from "drizzle-orm";
import { approvalTokens, type ApprovalToken } from "@/lib/db/schema";
import type { DbOrTx } from "@/lib/db/types";

/** What a token looks like: 43 base64url characters (32 bytes). Anything else is unknown. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newToken(): string {
  return crypto.randomBytes(32).toString("base64url");
}

export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

/** Stores a fresh token for one approver (null: whoever holds the link) and returns it. */
export async function createApprovalToken(db: DbOrTx, waitpointId: string, approverEmail: string | null, expiresAt: Date | null): Promise<string> {
  const token = newToken();
  await db.insert(approvalTokens).values({ tokenHash: hashToken(token), waitpointId, approverEmail, expiresAt });
  return token;
}

/** The stored row of a well-formed token, or null. */
export async function findToken(db: DbOrTx, token: string): Promise<ApprovalToken | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const [row] = await db.select().from(approvalTokens).where(eq(approvalTokens.tokenHash, hashToken(token)));
  return row ?? null;
}

export async function tokensOf(db: DbOrTx, waitpointId: string): Promise<ApprovalToken[]> {
  return db.select().from(approvalTokens).where(eq(approvalTokens.waitpointId, waitpointId));
}

/** Gives a token back (a vote that did not count): only when it was used at `usedAt`. */
export async function releaseToken(db: DbOrTx, tokenHash: string, usedAt: Date): Promise<void> {
  await db.update(approvalTokens).set({ usedAt: null }).where(and(eq(approvalTokens.tokenHash, tokenHash), eq(approvalTokens.usedAt, usedAt)));
}
