/**
 * The audit log as adapters write it: a route knows its caller (session or API key) and request,
 * a server action its signed-in user and the action's request headers. The entry lands in the
 * object's workspace (lib/audit/record.ts); a deleted object's entry names it.
 */
import { headers } from "next/headers";
import type { Caller } from "@/lib/auth/api-keys";
import { clientHop } from "@/lib/auth/client-address";
import { getDb } from "@/lib/db/client";
import type { DbOrTx } from "@/lib/db/types";
import { audit, type AuditActor, type AuditEntry } from "./record";

type What = Omit<AuditEntry, "actor" | "address" | "ownerId"> & { ownerId?: string };

export function callerActor(caller: Caller): AuditActor {
  return caller.apiKey ? { kind: "api_key", userId: caller.userId, apiKeyId: caller.apiKey.id, name: caller.apiKey.name } : { kind: "user", userId: caller.userId };
}

/** From a route handler (lib/http/caller's `asCaller`). */
export async function auditRequest(db: DbOrTx, caller: Caller, request: Request, what: What): Promise<void> {
  await audit(db, { ownerId: caller.userId, ...what, actor: callerActor(caller), address: clientHop(request.headers) });
}

/** From a server action, for its signed-in user. */
export async function auditAction(userId: string, what: What): Promise<void> {
  const { db } = await getDb();
  await audit(db, { ownerId: userId, ...what, actor: { kind: "user", userId }, address: clientHop(await headers()) });
}
