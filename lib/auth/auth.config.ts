// The database-free half of the Auth.js configuration: what the proxy (proxy.ts) needs to read a
// session and decide where a request may go. The credentials provider and the adapter, which
// touch the database, are added in ./auth.ts.
import type { NextAuthConfig } from "next-auth";
import GitHub from "next-auth/providers/github";
import Google from "next-auth/providers/google";
import { claimedSessionVersion } from "./session-claims";

/** Paths anyone may open. Everything else needs a session. */
const PUBLIC_PREFIXES = ["/sign-in", "/sign-up", "/approve/", "/share/", "/api/"];
const AUTH_PAGES = ["/sign-in", "/sign-up"];
/** Query marking a sign-in page reached with a session whose account is gone (see requireUser). */
export const SESSION_ENDED = "error=SessionEnded";

export function isPublicPath(pathname: string): boolean {
  return PUBLIC_PREFIXES.some((prefix) => pathname === prefix.replace(/\/$/, "") || pathname.startsWith(prefix));
}

export type OAuthProviderId = "github" | "google";

/** The OAuth providers switched on by their environment variables, for the sign-in page. */
export function enabledOAuthProviders(): { id: OAuthProviderId; label: string }[] {
  const env = process.env;
  return [
    ...(env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET ? [{ id: "github" as const, label: "GitHub" }] : []),
    ...(env.AUTH_GOOGLE_ID && env.AUTH_GOOGLE_SECRET ? [{ id: "google" as const, label: "Google" }] : []),
  ];
}

/** Auth.js reads each provider's AUTH_<ID>_ID / AUTH_<ID>_SECRET itself. */
export function oauthProviders() {
  const ids = enabledOAuthProviders().map((p) => p.id);
  return [...(ids.includes("github") ? [GitHub] : []), ...(ids.includes("google") ? [Google] : [])];
}

export const authConfig = {
  // Credentials sign-in only works with JWT sessions; the adapter still stores users and OAuth accounts.
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  trustHost: process.env.AUTH_TRUST_HOST !== "false",
  pages: { signIn: "/sign-in", error: "/sign-in" },
  providers: oauthProviders(),
  logger: {
    error(error: Error) {
      // Wrong passwords and rate-limited attempts are expected outcomes, not server errors.
      if ((error as { type?: string }).type === "CredentialsSignin") return;
      console.error(`[auth] ${error.name}: ${error.message}`);
    },
  },
  callbacks: {
    authorized({ auth, request: { nextUrl } }) {
      const signedIn = Boolean(auth?.user);
      const path = nextUrl.pathname;
      if (AUTH_PAGES.includes(path)) {
        const sessionEnded = nextUrl.searchParams.get("error") === "SessionEnded";
        return signedIn && !sessionEnded ? Response.redirect(new URL("/workflows", nextUrl)) : true;
      }
      if (isPublicPath(path)) return true;
      if (signedIn) return true;
      const signIn = new URL("/sign-in", nextUrl);
      if (path !== "/") signIn.searchParams.set("callbackUrl", path + nextUrl.search);
      return Response.redirect(signIn);
    },
    // At sign-in ./auth.ts also stamps the user's session version (claim `sv`, database needed);
    // every reader compares it with the database (lib/auth/session.ts, api-keys.ts).
    jwt({ token, user }) {
      if (user?.id) token.sub = user.id;
      return token;
    },
    session({ session, token }) {
      if (token.sub && session.user) session.user.id = token.sub;
      session.sessionVersion = claimedSessionVersion(token.sv);
      return session;
    },
  },
} satisfies NextAuthConfig;
