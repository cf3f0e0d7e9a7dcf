// API keys: "fm_" + 32 random bytes (base64url), shown once; stored as a SHA-256 hash plus a
// short prefix for the list. resolveCaller() accepts a key (Authorization: Bearer) or a session.
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import { getToken } from "next-auth/jwt";
import { z } from "zod";
import { apiKeys, users, WORKSPACE_ROLES, type WorkspaceRole } from "@/lib/db/schema";
import { requireCapability, type Actor } from "@/lib/workspaces/access";
import { notAbove } from "@/lib/workspaces/roles";
import { RunServiceError } from "@/lib/runs/errors";
import type { Db, DbOrTx } from "@/lib/db/types";
import { authSecret } from "./secret";
import { isCurrentSession } from "./session-claims";

export const API_KEY_PREFIX = "fm_";
export const apiKeyNameSchema = z.string().trim().min(1, "give the key a name").max(80, "at most 80 characters");

export const apiKeyRoleSchema = z.enum(WORKSPACE_ROLES.filter((role) => role !== "owner") as ["admin", "editor", "runner", "viewer"], "choose what the key may do");

export type ApiKeySummary = { id: string; name: string; role: WorkspaceRole; prefix: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null; createdBy: string | null };

const summary = {
  id: apiKeys.id,
  name: apiKeys.name,
  role: apiKeys.role,
  prefix: apiKeys.prefix,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
  createdBy: users.email,
};
const hashKey = (key: string) => createHash("sha256").update(key).digest("hex");

/**
 * Creates a key of the workspace acting with `role` (admins make keys; never above the creator's
 * own role). `key` is the only time the secret exists outside the caller's hands.
 */
export async function createApiKey(db: DbOrTx, actor: Actor, workspaceId: string, name: string, role: WorkspaceRole): Promise<{ key: string; apiKey: ApiKeySummary }> {
  const mine = await requireCapability(db, actor, workspaceId, "admin");
  if (!notAbove(role, mine)) throw new RunServiceError("forbidden", `A key can't do more than you: your role is ${mine}, the key asks for ${role}`);
  const key = `${API_KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
  const [row] = await db
    .insert(apiKeys)
    .values({ id: crypto.randomUUID(), userId: actor.userId, workspaceId, name, role, prefix: key.slice(0, 10), keyHash: hashKey(key) })
    .returning({ id: apiKeys.id });
  const [apiKey] = await db.select(summary).from(apiKeys).leftJoin(users, eq(users.id, apiKeys.userId)).where(eq(apiKeys.id, row.id));
  return { key, apiKey };
}

/** The workspace's keys, newest first (who may read them is the caller's check: admins). */
export async function listApiKeys(db: DbOrTx, workspaceId: string): Promise<ApiKeySummary[]> {
  return db.select(summary).from(apiKeys).leftJoin(users, eq(users.id, apiKeys.userId)).where(eq(apiKeys.workspaceId, workspaceId)).orderBy(desc(apiKeys.createdAt));
}

/** The revoked key's name; null when the workspace has no such live key. */
export async function revokeApiKey(db: DbOrTx, workspaceId: string, id: string): Promise<{ name: string } | null> {
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.id, id), eq(apiKeys.workspaceId, workspaceId), isNull(apiKeys.revokedAt)))
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
/** A live key as a request presents it: whose it is, which key (for the audit log), where and as what it acts. */
export type LiveApiKey = { keyId: string; userId: string; name: string; workspaceId: string; role: WorkspaceRole };
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
  if (hit && now - hit.checkedAt < API_KEY_CACHE_MS) return { keyId: hit.keyId, userId: hit.userId, name: hit.name, workspaceId: hit.workspaceId, role: hit.role };
  cached.delete(hash);
  const [row] = await db
    .update(apiKeys)
    .set({ lastUsedAt: new Date(now) })
    .where(and(eq(apiKeys.keyHash, hash), isNull(apiKeys.revokedAt)))
    .returning({ keyId: apiKeys.id, userId: apiKeys.userId, name: apiKeys.name, workspaceId: apiKeys.workspaceId, role: apiKeys.role });
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

/** An actor (lib/workspaces/access.ts) with how it came: `apiKey` is the key a request came with (via "api-key"). */
export type Caller = Actor & { via: "session" | "api-key" };

/**
 * Who sent this request: `Authorization: Bearer <api key>` (a wrong or revoked key is nobody:
 * no fallback to the cookie), else the Auth.js session cookie. Null answers 401.
 */
export async function resolveCaller(request: Request, db: Db): Promise<Caller | null> {
  const authorization = request.headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    const key = match ? await liveApiKey(db, match[1]) : null;
    return key ? { userId: key.userId, via: "api-key", apiKey: { id: key.keyId, name: key.name, workspaceId: key.workspaceId, role: key.role } } : null;
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
