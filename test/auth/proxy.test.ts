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
