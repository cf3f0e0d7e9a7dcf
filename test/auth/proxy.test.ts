// The proxy (Next's middleware) decides where a request may go and never writes the session
// cookie: a response still in flight when someone signs out must not put their session back.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { encode } from "next-auth/jwt";
import { NextRequest } from "next/server";

const SECRET = "test-secret-for-the-proxy-test-0123456789";
const COOKIE = "authjs.session-token";
let proxy: (request: NextRequest, event: never) => Promise<Response>;

before(async () => {
  process.env.AUTH_SECRET = SECRET;
  proxy = (await import("../../proxy")).default as typeof proxy;
});

async function request(path: string, session?: { sub: string; email: string }): Promise<NextRequest> {
  // As next start receives it: Auth.js derives the origin (and the cookie prefix) from these.
  const headers = new Headers({ host: "127.0.0.1:3000", "x-forwarded-proto": "http" });
  if (session) {
    const token = await encode({ token: { ...session, name: null, picture: null }, secret: SECRET, salt: COOKIE });
    headers.set("cookie", `${COOKIE}=${token}`);
  }
  return new NextRequest(new URL(path, "http://127.0.0.1:3000"), { headers });
}

test("a signed-in request passes without the proxy setting any cookie", async () => {
  const response = await proxy(await request("/workflows", { sub: "user-1", email: "a@example.com" }), undefined as never);
  assert.notEqual(response.status, 307, "a valid session is let through");
  assert.equal(response.headers.get("location"), null);
  assert.equal(response.headers.get("set-cookie"), null, "the proxy must not refresh (re-set) the session cookie");
});

test("a signed-out request to an app page goes to sign-in with its callback", async () => {
  const response = await proxy(await request("/workflows/wf_1"), undefined as never);
  const location = new URL(response.headers.get("location") ?? "", "http://127.0.0.1:3000");
  assert.equal(location.pathname, "/sign-in");
  assert.equal(location.searchParams.get("callbackUrl"), "/workflows/wf_1");
});

test("approval links are public and not indexed", async () => {
  const response = await proxy(await request("/approve/abc"), undefined as never);
  assert.equal(response.headers.get("location"), null);
  assert.match(response.headers.get("x-robots-tag") ?? "", /noindex/);
});

const csp = (response: Response) => response.headers.get("content-security-policy") ?? "";
const directive = (policy: string, name: string) => policy.split("; ").find((d) => d.startsWith(`${name} `)) ?? "";

test("every page answer carries the security headers, with a fresh nonce that the request carries too", async () => {
  const user = { sub: "user-1", email: "a@example.com" };
  const first = await proxy(await request("/workflows", user), undefined as never);
  const second = await proxy(await request("/workflows", user), undefined as never);
  const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp(first))?.[1];
  assert.ok(nonce && nonce.length >= 22, csp(first));
  assert.notEqual(nonce, /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp(second))?.[1], "one nonce per request");
  assert.equal(directive(csp(first), "script-src"), `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
  assert.equal(directive(csp(first), "frame-ancestors"), "frame-ancestors 'none'");
  assert.equal(directive(csp(first), "object-src"), "object-src 'none'");
  // Next reads the nonce from the request's CSP header while rendering.
  assert.equal(first.headers.get("x-middleware-request-content-security-policy"), csp(first));
  assert.equal(first.headers.get("x-content-type-options"), "nosniff");
  assert.equal(first.headers.get("referrer-policy"), "strict-origin-when-cross-origin");
  assert.equal(first.headers.get("x-frame-options"), "DENY");
  assert.equal(first.headers.get("set-cookie"), null);
});

test("redirects to sign-in carry them too; link pages send no referrer; only the embed page may be framed", async () => {
  const redirect = await proxy(await request("/settings"), undefined as never);
  assert.ok(redirect.headers.get("location"));
  assert.match(csp(redirect), /frame-ancestors 'none'/);
  for (const path of ["/approve/abc", "/share/abc"]) {
    const response = await proxy(await request(path), undefined as never);
    assert.equal(response.headers.get("referrer-policy"), "no-referrer", path);
    assert.equal(directive(csp(response), "frame-ancestors"), "frame-ancestors 'none'", path);
  }
  const embed = await proxy(await request("/share/abc/embed"), undefined as never);
  assert.equal(directive(csp(embed), "frame-ancestors"), "frame-ancestors *");
  assert.equal(embed.headers.get("x-frame-options"), null);
  assert.equal(embed.headers.get("referrer-policy"), "no-referrer");
  const lookalike = await proxy(await request("/share/abc/embed/more"), undefined as never);
  assert.equal(directive(csp(lookalike), "frame-ancestors"), "frame-ancestors 'none'");
});
