// The full Auth.js setup: the proxy's config plus the credentials provider and the adapter.
import { DrizzleAdapter } from "@auth/drizzle-adapter";
import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getDb } from "@/lib/db/client";
import { accounts, sessions, users, verificationTokens } from "@/lib/db/schema";
import { authConfig } from "./auth.config";
import { InvalidCredentialsInput, TooManyAttempts, WrongCredentials } from "./errors";
import { checkPassword } from "./credentials";
import { clientAddress, signInLimiter } from "./rate-limit";
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
    if (limiter.byEmail.retryAfterMs(email) > 0 || limiter.byAddress.retryAfterMs(address) > 0) {
      throw new TooManyAttempts();
    }
    const user = await checkPassword(email, password);
    if (!user) {
      limiter.byEmail.recordFailure(email);
      limiter.byAddress.recordFailure(address);
      throw new WrongCredentials();
    }
    limiter.byEmail.reset(email);
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
  };
});
