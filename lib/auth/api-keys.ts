// API keys: "fm_" + 32 random bytes (base64url), shown once; stored as a SHA-256 hash plus a
// short prefix for the list. resolveCaller() accepts a key (Authorization: Bearer) or a session.
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import { getToken } from "next-auth/jwt";
import { z } from "zod";
import { apiKeys, users } from "@/lib/db/schema";
import type { Db, DbOrTx } from "@/lib/db/types";
import { authSecret } from "./secret";
import { isCurrentSession } from "./session-claims";

export const API_KEY_PREFIX = "fm_";
export const apiKeyNameSchema = z.string().trim().min(1, "give the key a name").max(80, "at most 80 characters");

export type ApiKeySummary = { id: string; name: string; prefix: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null };

const summary = { id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, createdAt: apiKeys.createdAt, lastUsedAt: apiKeys.lastUsedAt, revokedAt: apiKeys.revokedAt };
const hashKey = (key: string) => createHash("sha256").update(key).digest("hex");

/** Creates a key; `key` is the only time the secret exists outside the caller's hands. */
export async function createApiKey(db: DbOrTx, userId: string, name: string): Promise<{ key: string; apiKey: ApiKeySummary }> {
  const key = `${API_KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
  const [apiKey] = await db
    .insert(apiKeys)
    .values({ id: crypto.randomUUID(), userId, name, prefix: key.slice(0, 10), keyHash: hashKey(key) })
    .returning(summary);
  return { key, apiKey };
}

export async function listApiKeys(db: DbOrTx, userId: string): Promise<ApiKeySummary[]> {
  return db.select(summary).from(apiKeys).where(eq(apiKeys.userId, userId)).orderBy(desc(apiKeys.createdAt));
}

/** The revoked key's name; null when the user has no such live key. */
export async function revokeApiKey(db: DbOrTx, userId: string, id: string): Promise<{ name: string } | null> {
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.id, id), eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)))
    .returning({ name: apiKeys.name });
  if (row) forgetApiKey(id);
  return row ?? null;
}

/**
 * Live keys checked in the last API_KEY_CACHE_MS, by hash: a script's next request skips the
 * database write that checks the key and marks it used (issue 18: about 3 ms of every API call).
 * Revoking in this process forgets the key at once; a revoke on another instance is honoured
 * within API_KEY_CACHE_MS. `lastUsedAt` is then as fresh as that. On globalThis: route and
 * server-action bundles share it.
 */
export const API_KEY_CACHE_MS = 5_000;
const CACHE = Symbol.for("flowmaestro.apiKeyCache");
type CachedKey = LiveApiKey & { checkedAt: number };
/** A live key as a request presents it: whose it is, and which key (for the audit log). */
export type LiveApiKey = { keyId: string; userId: string; name: string };
const cached = ((globalThis as Record<symbol, Map<string, CachedKey> | undefined>)[CACHE] ??= new Map());

/** The owner of a live key (and marks it used), or null for an unknown or revoked key. */
export async function userForApiKey(db: DbOrTx, key: string, now = Date.now()): Promise<string | null> {
  return (await liveApiKey(db, key, now))?.userId ?? null;
}

/** A live key (marked used), or null for an unknown or revoked key. */
export async function liveApiKey(db: DbOrTx, key: string, now = Date.now()): Promise<LiveApiKey | null> {
  if (!key.startsWith(API_KEY_PREFIX)) return null;
  const hash = hashKey(key);
  const hit = cached.get(hash);
  if (hit && now - hit.checkedAt < API_KEY_CACHE_MS) return { keyId: hit.keyId, userId: hit.userId, name: hit.name };
  cached.delete(hash);
  const [row] = await db
    .update(apiKeys)
    .set({ lastUsedAt: new Date(now) })
    .where(and(eq(apiKeys.keyHash, hash), isNull(apiKeys.revokedAt)))
    .returning({ keyId: apiKeys.id, userId: apiKeys.userId, name: apiKeys.name });
  if (!row) return null;
  // Bounded: a flood of distinct keys must not grow memory (they are live keys, so few in practice).
  if (cached.size >= 10_000) cached.clear();
  cached.set(hash, { ...row, checkedAt: now });
  return row;
}

/** Forgets a revoked key in this process's cache. */
function forgetApiKey(keyId: string): void {
  for (const [hash, entry] of cached) if (entry.keyId === keyId) cached.delete(hash);
}

/** `apiKey`: the key a request came with (via "api-key"). */
export type Caller = { userId: string; via: "session" | "api-key"; apiKey?: { id: string; name: string } };

/**
 * Who sent this request: `Authorization: Bearer <api key>` (a wrong or revoked key is nobody:
 * no fallback to the cookie), else the Auth.js session cookie. Null answers 401.
 */
export async function resolveCaller(request: Request, db: Db): Promise<Caller | null> {
  const authorization = request.headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    const key = match ? await liveApiKey(db, match[1]) : null;
    return key ? { userId: key.userId, via: "api-key", apiKey: { id: key.keyId, name: key.name } } : null;
  }
  const secret = authSecret();
  const cookies = request.headers.get("cookie") ?? "";
  const secure = cookies.includes("__Secure-authjs.session-token");
  const token = await getToken({ req: { headers: new Headers({ cookie: cookies }) }, secret, secureCookie: secure });
  const id = typeof token?.sub === "string" ? token.sub : null;
  if (!id) return null;
  const [user] = await db.select({ id: users.id, sessionVersion: users.sessionVersion }).from(users).where(eq(users.id, id)).limit(1);
  return user && isCurrentSession(token?.sv, user.sessionVersion) ? { userId: user.id, via: "session" } : null;
}
