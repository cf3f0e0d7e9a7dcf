// Who is asking. Pages and actions call requireUser(); route handlers call apiUser().
import { eq } from "drizzle-orm";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { auth } from "./auth";
import { SESSION_ENDED } from "./auth.config";

export type CurrentUser = { id: string; email: string | null; name: string | null; image: string | null };

/**
 * The signed-in user, checked against the database (a session cookie for a deleted account
 * counts as signed out). Cached per request.
 */
export const currentUser = cache(async (): Promise<CurrentUser | null> => (await sessionUser()).user);

const sessionUser = cache(async (): Promise<{ user: CurrentUser | null; hadSession: boolean }> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return { user: null, hadSession: false };
  const { db } = await getDb();
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name, image: users.image })
    .from(users)
    .where(eq(users.id, id))
    .limit(1);
  return { user: user ?? null, hadSession: true };
});

/** The signed-in user, or a redirect to the sign-in page. */
export async function requireUser(): Promise<CurrentUser> {
  const { user, hadSession } = await sessionUser();
  if (user) return user;
  // A valid cookie for an account that no longer exists: the proxy would send a "signed-in"
  // visitor straight back from /sign-in, so say why they are there (and let them through).
  redirect(hadSession ? `/sign-in?${SESSION_ENDED}` : "/sign-in");
}

/** For route handlers: the user behind the request's session, or null (the caller answers 401). */
export async function apiUser(): Promise<CurrentUser | null> {
  return currentUser();
}
