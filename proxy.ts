// Next 16's request proxy (formerly middleware): signed-out visitors of app pages go to the
// sign-in page. It reads the session cookie only; pages and actions check again on their own.
import NextAuth from "next-auth";
import type { NextFetchEvent, NextRequest } from "next/server";
import { authConfig } from "@/lib/auth/auth.config";
import { authSecret } from "@/lib/auth/secret";

const { auth } = NextAuth(() => ({ ...authConfig, secret: authSecret() }));

type Middleware = (request: NextRequest, event: NextFetchEvent) => Promise<Response>;
const sessionGate = auth as unknown as Middleware;

// Approval and share links are public and must stay out of search engines (issue 6).
export default async function proxy(request: NextRequest, event: NextFetchEvent): Promise<Response> {
  const response = await sessionGate(request, event);
  // Auth.js re-issues the session cookie on every request it sees. A response still in flight
  // (a prefetch) when someone signs out would put their session back, so the proxy only reads:
  // sessions last their 30 days from sign-in.
  response.headers.delete("set-cookie");
  if (/^\/(approve|share)\//.test(request.nextUrl.pathname)) response.headers.set("x-robots-tag", "noindex, nofollow");
  return response;
}

export const config = {
  // Everything except API routes, Next's own files and static assets.
  matcher: ["/((?!api/|_next/static|_next/image|favicon\\.ico|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico|txt)$).*)"],
};
