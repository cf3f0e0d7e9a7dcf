// A user's secrets ({{env.NAME}}): written encrypted, listed by name only, decrypted only to
// become a run's `env`. Every function is scoped to the owner.
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import { secrets } from "@/lib/db/schema";
import type { DbOrTx } from "@/lib/db/types";
import { decryptSecret, encryptSecret } from "./cipher";
import { secretKey } from "./key";

export const secretNameSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, "use letters, digits and _ (not starting with a digit), at most 64 characters");
export const secretValueSchema = z.string().min(1, "enter a value").max(10_000, "at most 10,000 characters");
export const setSecretSchema = z.object({ name: secretNameSchema, value: secretValueSchema });

export type SecretSummary = { id: string; name: string; createdAt: Date; updatedAt: Date };

export async function listSecrets(db: DbOrTx, userId: string): Promise<SecretSummary[]> {
  return db
    .select({ id: secrets.id, name: secrets.name, createdAt: secrets.createdAt, updatedAt: secrets.updatedAt })
    .from(secrets)
    .where(eq(secrets.userId, userId))
    .orderBy(asc(secrets.name));
}

/** Creates or replaces the value of `name`. */
export async function setSecret(db: DbOrTx, userId: string, name: string, value: string): Promise<SecretSummary> {
  const valueEncrypted = encryptSecret(secretKey(), userId, name, value);
  const now = new Date();
  const [row] = await db
    .insert(secrets)
    .values({ id: crypto.randomUUID(), userId, name, valueEncrypted })
    .onConflictDoUpdate({ target: [secrets.userId, secrets.name], set: { valueEncrypted, updatedAt: now } })
    .returning({ id: secrets.id, name: secrets.name, createdAt: secrets.createdAt, updatedAt: secrets.updatedAt });
  return row;
}

/** False when the user has no such secret. */
export async function deleteSecret(db: DbOrTx, userId: string, id: string): Promise<boolean> {
  const rows = await db.delete(secrets).where(and(eq(secrets.id, id), eq(secrets.userId, userId))).returning({ id: secrets.id });
  return rows.length > 0;
}

/** The run's `env`: every secret of the user, decrypted. Never logged, never stored. */
export async function secretsEnv(db: DbOrTx, userId: string | null): Promise<Record<string, string>> {
  if (!userId) return {};
  const rows = await db.select().from(secrets).where(eq(secrets.userId, userId));
  const key = secretKey();
  return Object.fromEntries(rows.map((row) => [row.name, decryptSecret(key, userId, row.name, row.valueEncrypted)]));
}
