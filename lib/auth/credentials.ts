// Email + password accounts: creating one and checking a password against it.
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { burnPasswordCheck, hashPassword, verifyPassword } from "./password";

export type SignedInUser = { id: string; email: string; name: string | null; image: string | null };

export async function findUserByEmail(email: string) {
  const { db } = await getDb();
  const [user] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  return user ?? null;
}

/** The user when the password matches, else null. Takes the same time whether or not the email exists. */
export async function checkPassword(email: string, password: string): Promise<SignedInUser | null> {
  const user = await findUserByEmail(email);
  if (!user?.passwordHash) {
    await burnPasswordCheck(password);
    return null;
  }
  if (!(await verifyPassword(user.passwordHash, password))) return null;
  return { id: user.id, email: user.email ?? email, name: user.name, image: user.image };
}

export type CreateAccountResult = { ok: true; userId: string } | { ok: false; reason: "email_taken" };

export async function createAccount(email: string, password: string): Promise<CreateAccountResult> {
  const { db } = await getDb();
  const passwordHash = await hashPassword(password);
  // The unique index on email settles races; ON CONFLICT keeps the error out of the logs.
  const inserted = await db
    .insert(users)
    .values({ email, passwordHash })
    .onConflictDoNothing({ target: users.email })
    .returning({ id: users.id });
  const row = inserted[0];
  return row ? { ok: true, userId: row.id } : { ok: false, reason: "email_taken" };
}
