// Next 16's request proxy (formerly middleware): signed-out visitors of app pages go to the
// sign-in page. It reads the session cookie only; pages and actions check again on their own.
import NextAuth from "next-auth";
import { authConfig } from "@/lib/auth/auth.config";
import { authSecret } from "@/lib/auth/secret";

const { auth } = NextAuth(() => ({ ...authConfig, secret: authSecret() }));

export default auth;

export const config = {
  // Everything except API routes, Next's own files and static assets.
  matcher: ["/((?!api/|_next/static|_next/image|favicon\\.ico|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico|txt)$).*)"],
};
