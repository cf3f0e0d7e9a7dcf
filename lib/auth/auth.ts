// The full Auth.js setup: the proxy's config plus the credentials provider and the adapter.
import { DrizzleAdapter } from "@auth/drizzle-adapter";
import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getDb } from "@/lib/db/client";
import { accounts, sessions, users, verificationTokens } from "@/lib/db/schema";
import { authConfig } from "./auth.config";
import { InvalidCredentialsInput, TooManyAttempts, WrongCredentials } from "./errors";
import { checkPassword } from "./credentials";
import { clientAddress } from "./client-address";
import { signInLimiter } from "./rate-limit";
import { claimedSessionVersion } from "./session-claims";
import { revokeSessions, sessionVersionOf } from "./session-version";
import { signInSchema } from "./schemas";
import { authSecret } from "./secret";

const credentials = Credentials({
  credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
  async authorize(input, request) {
    const parsed = signInSchema.safeParse(input);
    if (!parsed.success) throw new InvalidCredentialsInput();
    const { email, password } = parsed.data;
    const address = clientAddress(request.headers);
    const limiter = signInLimiter();
    // Refused before the password is checked: a waiting pair learns nothing from its guesses.
    if (limiter.waitMs(email, address) > 0) throw new TooManyAttempts();
    const user = await checkPassword(email, password);
    if (!user) {
      limiter.recordFailure(email, address);
      throw new WrongCredentials();
    }
    limiter.recordSuccess(email, address);
    return user;
  },
});

// Lazy configuration: nothing touches the database or the data dir until the first request
// (so `next build` has no side effects).
export const { handlers, auth, signIn, signOut } = NextAuth(async () => {
  const { db } = await getDb();
  return {
    ...authConfig,
    secret: authSecret(),
    adapter: DrizzleAdapter(db, {
      usersTable: users,
      accountsTable: accounts,
      sessionsTable: sessions,
      verificationTokensTable: verificationTokens,
    }),
    providers: [...authConfig.providers, credentials],
    events: {
      // Auth.js's own sign-out endpoint too (the app's sign-out action revokes first, itself): a
      // cleared cookie isn't enough when a copy of it is elsewhere. Only a current token revokes.
      async signOut(message) {
        const token = "token" in message ? message.token : null;
        if (typeof token?.sub === "string") await revokeSessions(db, token.sub, claimedSessionVersion(token.sv));
      },
    },
    callbacks: {
      ...authConfig.callbacks,
      // At sign-in (any provider), the token gets the user's session version: see session-version.ts.
      async jwt(params) {
        const token = authConfig.callbacks.jwt(params);
        if (params.user?.id) token.sv = (await sessionVersionOf(db, params.user.id)) ?? 0;
        return token;
      },
    },
  };
});
