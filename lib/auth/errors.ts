import { CredentialsSignin } from "next-auth";

// `code` travels in the sign-in redirect URL when the Auth.js endpoint is called directly,
// so it names the outcome without revealing whether the email exists.
export class WrongCredentials extends CredentialsSignin {
  code = "wrong_credentials";
}

export class TooManyAttempts extends CredentialsSignin {
  code = "rate_limited";
}

export class InvalidCredentialsInput extends CredentialsSignin {
  code = "invalid_input";
}

export const SIGN_IN_MESSAGES: Record<string, string> = {
  wrong_credentials: "Wrong email or password. Check both and try again.",
  rate_limited: "Too many failed attempts. Wait a little before trying again: each wrong password makes the wait longer.",
  invalid_input: "Enter your email address and password.",
  credentials: "Wrong email or password. Check both and try again.",
  OAuthAccountNotLinked:
    "This email already has an account. Sign in with your password, the way you signed up.",
  AccessDenied: "Access was denied.",
  SessionEnded: "Your session ended: you signed out, or the password changed, or the account no longer exists. Sign in again.",
  Configuration: "Sign-in is not configured correctly on this server. Check the server logs.",
};

export function signInMessage(code: string | undefined | null): string | null {
  if (!code) return null;
  return SIGN_IN_MESSAGES[code] ?? "Sign-in failed. Try again.";
}
