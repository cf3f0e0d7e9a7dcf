// A workspace's secrets ({{env.NAME}}): written encrypted, listed by name only, decrypted only to
// become a run's `env`. Every function is scoped to one workspace; who may call it (admins write,
// members read names) is the caller's check (lib/workspaces/access.ts). A value's encryption is
// bound to the user who set it and its name (the row's user_id).
import { and, asc, eq, sql, type Placeholder } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { z } from "zod";
import { secrets } from "@/lib/db/schema";
import type { DbOrTx } from "@/lib/db/types";
import { decryptSecret, encryptSecret } from "./cipher";
import { secretKey } from "./key";
import { qualified } from "@/lib/workspaces/access";

export const secretNameSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, "use letters, digits and _ (not starting with a digit), at most 64 characters");
export const secretValueSchema = z.string().min(1, "enter a value").max(10_000, "at most 10,000 characters");
export const setSecretSchema = z.object({ name: secretNameSchema, value: secretValueSchema });

/**
 * Below this length a value is too short to mask safely: it turns up by chance in ordinary text
 * (masking every "abc" would garble outputs) and its encodings are shorter still. Settings warns.
 */
export const SAFE_SECRET_LENGTH = 8;

export const isTooShortToMask = (value: string) => value.length < SAFE_SECRET_LENGTH;

export const SHORT_SECRET_WARNING = `It is shorter than ${SAFE_SECRET_LENGTH} characters, too short to mask safely in run logs and pages: use a longer value if it is a real credential.`;

/** `unreadable`: this server's key can't decrypt it (FLOWMAESTRO_SECRET_KEY changed since it was saved). */
export type SecretSummary = { id: string; name: string; createdAt: Date; updatedAt: Date; tooShortToMask: boolean; unreadable?: boolean };

type SecretRow = typeof secrets.$inferSelect;

/** The value, or null when this server's key can't open it (another key, a damaged value). */
function openSecret(key: Buffer, row: Pick<SecretRow, "userId" | "name" | "valueEncrypted">): string | null {
  try {
    return decryptSecret(key, row.userId, row.name, row.valueEncrypted);
  } catch {
    return null;
  }
}

export async function listSecrets(db: DbOrTx, workspaceId: string): Promise<SecretSummary[]> {
  const rows = await db.select().from(secrets).where(eq(secrets.workspaceId, workspaceId)).orderBy(asc(secrets.name));
  const key = secretKey();
  // Decrypted here only to measure the value; it never leaves this function.
  return rows.map((row) => {
    const value = openSecret(key, row);
    return value === null ? { ...summary(row), tooShortToMask: false, unreadable: true } : { ...summary(row), tooShortToMask: isTooShortToMask(value) };
  });
}

const summary = (row: { id: string; name: string; createdAt: Date; updatedAt: Date }) => ({ id: row.id, name: row.name, createdAt: row.createdAt, updatedAt: row.updatedAt });

/** Creates or replaces the value of `name` in the workspace, as set by `userId`. */
export async function setSecret(db: DbOrTx, workspaceId: string, userId: string, name: string, value: string): Promise<SecretSummary> {
  const valueEncrypted = encryptSecret(secretKey(), userId, name, value);
  const now = new Date();
  const [row] = await db
    .insert(secrets)
    .values({ id: crypto.randomUUID(), userId, workspaceId, name, valueEncrypted })
    .onConflictDoUpdate({ target: [secrets.workspaceId, secrets.name], set: { userId, valueEncrypted, updatedAt: now } })
    .returning({ id: secrets.id, name: secrets.name, createdAt: secrets.createdAt, updatedAt: secrets.updatedAt });
  return { ...row, tooShortToMask: isTooShortToMask(value) };
}

/** The deleted secret's name; null when the workspace has no such secret. */
export async function deleteSecret(db: DbOrTx, workspaceId: string, id: string): Promise<{ name: string } | null> {
  const [row] = await db.delete(secrets).where(and(eq(secrets.id, id), eq(secrets.workspaceId, workspaceId))).returning({ name: secrets.name });
  return row ?? null;
}

/**
 * A run's `env`: every secret of its workspace, decrypted. Never logged, never stored. One this
 * server's key can't open is left out (its name is logged): a node that reads it fails as for a
 * missing secret, and the workspace's other runs go on. Thrown, it failed every run of the
 * workspace, and a recovered run looped (its poisoned end needs its env too).
 */
export async function secretsEnv(db: DbOrTx, workspaceId: string | null): Promise<Record<string, string>> {
  if (!workspaceId) return {};
  return envOf(workspaceId, await db.select().from(secrets).where(eq(secrets.workspaceId, workspaceId)));
}

/** What a run's env is decrypted from (see `secretsOfMember`). */
export type SealedSecret = Pick<SecretRow, "userId" | "name" | "valueEncrypted">;

/**
 * A subquery for a select over a table with a workspace column: that workspace's secrets, still
 * encrypted, only when `userId` is a member (null otherwise, and when there are none). A run start
 * reads them with its workflow, one statement instead of two (issue 18); decrypt with `envOf`.
 */
export const secretsOfMember = (column: AnyPgColumn, userId: string | Placeholder) =>
  sql<SealedSecret[] | null>`(select json_agg(json_build_object('userId', s.user_id, 'name', s.name, 'valueEncrypted', s.value_encrypted))
    from secrets s where s.workspace_id = ${qualified(column)}
    and exists (select 1 from workspace_members m where m.workspace_id = ${qualified(column)} and m.user_id = ${userId}))`;

/** A run's env from its workspace's secrets (as secretsEnv reads them). */
export function envOf(workspaceId: string, rows: readonly SealedSecret[]): Record<string, string> {
  const key = secretKey();
  const env: Record<string, string> = {};
  for (const row of rows) {
    const value = openSecret(key, row);
    if (value === null) console.error(`[secrets] ${row.name} of workspace ${workspaceId} can't be decrypted with this server's key (FLOWMAESTRO_SECRET_KEY changed since it was saved?): runs see it as missing until it is saved again`);
    else env[row.name] = value;
  }
  return env;
}
