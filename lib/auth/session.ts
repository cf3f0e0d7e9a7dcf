// Who is asking. Pages and actions call requireUser(); route handlers go through asCaller()
// (lib/http/caller: session cookie or API key).
import { eq } from "drizzle-orm";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { auth } from "./auth";
import { SESSION_ENDED } from "./auth.config";
import { isCurrentSession } from "./session-claims";

export type CurrentUser = { id: string; email: string | null; name: string | null; image: string | null };

/**
 * The signed-in user, checked against the database: a session cookie for a deleted account, or
 * one issued before a sign-out or password change (session version, see session-version.ts),
 * counts as signed out. Cached per request.
 */
export const currentUser = cache(async (): Promise<CurrentUser | null> => (await sessionUser()).user);

const sessionUser = cache(async (): Promise<{ user: CurrentUser | null; hadSession: boolean }> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return { user: null, hadSession: false };
  const { db } = await getDb();
  const [row] = await db
    .select({ id: users.id, email: users.email, name: users.name, image: users.image, sessionVersion: users.sessionVersion })
    .from(users)
    .where(eq(users.id, id))
    .limit(1);
  if (!row || !isCurrentSession(session.sessionVersion, row.sessionVersion)) return { user: null, hadSession: true };
  return { user: { id: row.id, email: row.email, name: row.name, image: row.image }, hadSession: true };
});

/** The signed-in user, or a redirect to the sign-in page. */
export async function requireUser(): Promise<CurrentUser> {
  const { user, hadSession } = await sessionUser();
  if (user) return user;
  // A valid cookie for an account that no longer exists, or a revoked one: the proxy would send a "signed-in"
  // visitor straight back from /sign-in, so say why they are there (and let them through).
  redirect(hadSession ? `/sign-in?${SESSION_ENDED}` : "/sign-in");
}
