// Who is asking. Pages and actions call requireUser(); route handlers call apiUser().
import { eq } from "drizzle-orm";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { auth } from "./auth";

export type CurrentUser = { id: string; email: string | null; name: string | null; image: string | null };

/**
 * The signed-in user, checked against the database (a session cookie for a deleted account
 * counts as signed out). Cached per request.
 */
export const currentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  const { db } = await getDb();
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name, image: users.image })
    .from(users)
    .where(eq(users.id, id))
    .limit(1);
  return user ?? null;
});

/** The signed-in user, or a redirect to the sign-in page. */
export async function requireUser(): Promise<CurrentUser> {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  return user;
}

/** For route handlers: the user behind the request's session, or null (the caller answers 401). */
export async function apiUser(): Promise<CurrentUser | null> {
  return currentUser();
}
