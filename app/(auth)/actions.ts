"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { z } from "zod";
import { validatedAction, validatedActionWithUser, type ActionState } from "@/lib/auth/action";
import { signIn, signOut } from "@/lib/auth/auth";
import { enabledOAuthProviders } from "@/lib/auth/auth.config";
import { createAccount } from "@/lib/auth/credentials";
import { revokeSessions } from "@/lib/auth/session-version";
import { getDb } from "@/lib/db/client";
import { signInMessage } from "@/lib/auth/errors";
import { safeCallbackPath, signInSchema, signUpSchema } from "@/lib/auth/schemas";

/** Signs in with email and password; on success signIn() redirects (a thrown NEXT_REDIRECT). */
async function signInWithPassword(email: string, password: string, redirectTo: string): Promise<ActionState> {
  try {
    await signIn("credentials", { email, password, redirectTo });
    return { ok: true };
  } catch (error) {
    if (error instanceof CredentialsSignin) {
      return { error: signInMessage(error.code) ?? undefined, values: { email } };
    }
    if (error instanceof AuthError) return { error: signInMessage(error.type) ?? undefined, values: { email } };
    throw error; // the redirect after success, or a real failure
  }
}

export const signInAction = validatedAction(signInSchema, async ({ email, password, callbackUrl }) =>
  signInWithPassword(email, password, safeCallbackPath(callbackUrl)),
);

export const signUpAction = validatedAction(signUpSchema, async ({ email, password, callbackUrl }) => {
  const created = await createAccount(email, password);
  if (!created.ok) {
    return {
      error: "An account with this email already exists. Sign in instead.",
      fieldErrors: { email: "An account with this email already exists" },
      values: { email },
    };
  }
  return signInWithPassword(email, password, safeCallbackPath(callbackUrl));
});

const providerSchema = z.object({
  provider: z.enum(["github", "google"], { error: "Unknown sign-in provider" }),
  callbackUrl: z.string().optional(),
});

export const signInWithProviderAction = validatedAction(providerSchema, async ({ provider, callbackUrl }) => {
  const enabled = enabledOAuthProviders().some((p) => p.id === provider);
  if (!enabled) return { error: "That sign-in method is not enabled on this server." };
  await signIn(provider, { redirectTo: safeCallbackPath(callbackUrl) });
});

// The cookie alone would stay valid for its 30 days (a JWT): bumping the session version ends it
// (and every other session of the account) wherever a copy of it is kept.
export const signOutAction = validatedActionWithUser(z.object({}), async (_input, user) => {
  const { db } = await getDb();
  await revokeSessions(db, user.id);
  await signOut({ redirectTo: "/sign-in" });
});
