import { z } from "zod";

/** Emails are compared and stored lower-case and trimmed: one account per address. */
export const emailField = z
  .string({ error: "Enter your email address" })
  .trim()
  .min(1, { error: "Enter your email address" })
  .max(254, { error: "That email address is too long" })
  .pipe(z.email({ error: "Enter a valid email address, like name@example.com" }))
  .transform((email) => email.toLowerCase());

export const PASSWORD_MIN = 8;
// An upper bound keeps a megabyte "password" from tying up the hasher.
export const PASSWORD_MAX = 256;

export const newPasswordField = z
  .string({ error: "Enter a password" })
  .min(1, { error: "Enter a password" })
  .min(PASSWORD_MIN, { error: `Use at least ${PASSWORD_MIN} characters for your password` })
  .max(PASSWORD_MAX, { error: `Use at most ${PASSWORD_MAX} characters for your password` });

export const signUpSchema = z.object({
  email: emailField,
  password: newPasswordField,
  callbackUrl: z.string().optional(),
});

export const signInSchema = z.object({
  email: emailField,
  password: z
    .string({ error: "Enter your password" })
    .min(1, { error: "Enter your password" })
    .max(PASSWORD_MAX, { error: "Wrong email or password" }),
  callbackUrl: z.string().optional(),
});

export const changePasswordSchema = z
  .object({
    currentPassword: z.string({ error: "Enter your current password" }).min(1, { error: "Enter your current password" }).max(PASSWORD_MAX, { error: "Wrong password" }),
    newPassword: newPasswordField,
    confirmPassword: z.string({ error: "Repeat the new password" }),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { error: "The two new passwords are not the same", path: ["confirmPassword"] });

/** Only same-site paths are followed after sign-in (no open redirects). */
export function safeCallbackPath(value: string | undefined | null, fallback = "/workflows"): string {
  if (!value) return fallback;
  let path = value;
  try {
    const url = new URL(value, "http://placeholder.invalid");
    path = url.pathname + url.search;
  } catch {
    return fallback;
  }
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/api/")) return fallback;
  if (path.startsWith("/sign-in") || path.startsWith("/sign-up")) return fallback;
  return path;
}
