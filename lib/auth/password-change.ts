// Changing a password ends every session issued before (session version), including the one that
// asked: the action signs that browser in again with the new password. The current password is
// checked under the same limits as sign-in, so a stolen session can't be used to guess it.
import { and, eq, sql } from "drizzle-orm";
import { users } from "@/lib/db/schema";
import type { DbOrTx } from "@/lib/db/types";
import { hashPassword, verifyPassword } from "./password";
import { signInLimiter } from "./rate-limit";

export type ChangePasswordResult =
  | { ok: true; email: string }
  | { ok: false; reason: "no_password" | "wrong_password" | "rate_limited" | "changed_meanwhile" };

export async function changePassword(db: DbOrTx, userId: string, input: { current: string; next: string; address: string }): Promise<ChangePasswordResult> {
  const [user] = await db.select({ email: users.email, passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId)).limit(1);
  if (!user?.email || !user.passwordHash) return { ok: false, reason: "no_password" };
  const limiter = signInLimiter();
  if (limiter.waitMs(user.email, input.address) > 0) return { ok: false, reason: "rate_limited" };
  if (!(await verifyPassword(user.passwordHash, input.current))) {
    limiter.recordFailure(user.email, input.address);
    return { ok: false, reason: "wrong_password" };
  }
  limiter.recordSuccess(user.email, input.address);
  const passwordHash = await hashPassword(input.next);
  // Only over the hash just checked: two changes at once can't both win.
  const [row] = await db
    .update(users)
    .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(and(eq(users.id, userId), eq(users.passwordHash, user.passwordHash)))
    .returning({ id: users.id });
  return row ? { ok: true, email: user.email } : { ok: false, reason: "changed_meanwhile" };
}
