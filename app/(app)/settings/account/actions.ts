"use server";
// Settings › Account: changing the password. It ends every session (session version); this browser
// is signed in again with the new password so the person who changed it stays in.
import { headers } from "next/headers";
import { AuthError } from "next-auth";
import { validatedActionWithUser } from "@/lib/auth/action";
import { signIn } from "@/lib/auth/auth";
import { clientAddress } from "@/lib/auth/client-address";
import { changePassword, type ChangePasswordResult } from "@/lib/auth/password-change";
import { changePasswordSchema } from "@/lib/auth/schemas";
import { getDb } from "@/lib/db/client";

const REFUSED: Record<Exclude<ChangePasswordResult, { ok: true }>["reason"], string> = {
  no_password: "This account signs in with GitHub or Google and has no password to change.",
  wrong_password: "The current password is not right.",
  rate_limited: "Too many wrong passwords. Wait a little before trying again.",
  changed_meanwhile: "The password was changed elsewhere at the same moment. Sign in again with the new one.",
};

export const changePasswordAction = validatedActionWithUser(changePasswordSchema, async ({ currentPassword, newPassword }, user) => {
  const { db } = await getDb();
  const changed = await changePassword(db, user.id, { current: currentPassword, next: newPassword, address: clientAddress(await headers()) });
  if (!changed.ok) {
    const error = REFUSED[changed.reason];
    return { error, fieldErrors: changed.reason === "wrong_password" ? { currentPassword: error } : undefined };
  }
  try {
    // A redirect, not a re-render: the page is rendered again with the new session cookie (the
    // request still carries the old one, which the change just ended).
    await signIn("credentials", { email: changed.email, password: newPassword, redirectTo: "/settings/account?changed=1" });
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    return { ok: true, message: "Password changed and every session signed out, this one too: sign in again with the new password." };
  }
});
