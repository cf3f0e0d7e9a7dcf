// Next 16's request proxy (formerly middleware): signed-out visitors of app pages go to the
// sign-in page, and every page answer gets its security headers with a fresh CSP nonce. It reads
// the session cookie only; pages and actions check again on their own.
import NextAuth from "next-auth";
import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { authConfig } from "@/lib/auth/auth.config";
import { authSecret } from "@/lib/auth/secret";
import { newNonce, pageSecurityHeaders } from "@/lib/http/security-headers";
import { WORKSPACE_COOKIE, WORKSPACE_HEADER, workspacePath } from "@/lib/workspaces/path";

const { auth } = NextAuth(() => ({ ...authConfig, secret: authSecret() }));

type Middleware = (request: NextRequest, event: NextFetchEvent) => Promise<Response>;
const sessionGate = auth as unknown as Middleware;

export default async function proxy(request: NextRequest, event: NextFetchEvent): Promise<Response> {
  const gate = await sessionGate(request, event);
  const { pathname } = request.nextUrl;
  const headers = pageSecurityHeaders(pathname, newNonce());
  // /w/<slug>/…: the page at … in that workspace (the URL carries it, so links can be shared).
  const inWorkspace = workspacePath(pathname);
  let response = gate;
  if (gate.headers.get("x-middleware-next") === "1") {
    // Let through: Next renders the page with the nonce it finds in the request's CSP header
    // (its own scripts and inline styles get it), so the request carries the policy too.
    const forwarded = new Headers(request.headers);
    forwarded.set("content-security-policy", headers["content-security-policy"]);
    forwarded.delete(WORKSPACE_HEADER); // only ever from the URL, never from the client
    if (inWorkspace) {
      forwarded.set(WORKSPACE_HEADER, inWorkspace.slug);
      const target = new URL(`${inWorkspace.rest}${request.nextUrl.search}`, request.url);
      response = NextResponse.rewrite(target, { request: { headers: forwarded } });
    } else {
      response = NextResponse.next({ request: { headers: forwarded } });
    }
  }
  // Auth.js re-issues the session cookie on every request it sees. A response still in flight
  // (a prefetch) when someone signs out would put their session back, so the proxy only reads:
  // sessions last their 30 days from sign-in.
  response.headers.delete("set-cookie");
  // The last workspace opened is where /workflows, /runs and /settings go next time.
  if (inWorkspace && response.status < 300) response.headers.append("set-cookie", `${WORKSPACE_COOKIE}=${inWorkspace.slug}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly`);
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  // Approval and share links are public and must stay out of search engines (issue 6).
  if (/^\/(approve|share)\//.test(pathname)) response.headers.set("x-robots-tag", "noindex, nofollow");
  return response;
}

export const config = {
  // Everything except API routes and the approval form's POST (next.config.ts gives them their
  // headers; Next reads a proxied request's whole body before the route sees it, so these bodies
  // must not pass here to be limited while streaming), Next's own files and static assets.
  matcher: ["/((?!api/|approve/[^/]+/decide$|_next/static|_next/image|favicon\\.ico|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico|txt)$).*)"],
};
