// Sign-in limits and revocable sessions through Auth.js's real endpoints (lib/auth/auth.ts
// handlers, CSRF and all) on both databases. The limiter's clock is frozen, so no wait ever
// runs out during a test; the client address is what the server stamps (client-address.test.ts).
import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";
import { NextRequest } from "next/server";
import { resolveCaller } from "../../lib/auth/api-keys";
import { handlers } from "../../lib/auth/auth";
import { PEER_HEADER } from "../../lib/auth/client-address";
import { createAccount } from "../../lib/auth/credentials";
import { changePassword } from "../../lib/auth/password-change";
import { SignInLimiter, replaceSignInLimiter } from "../../lib/auth/rate-limit";
import { revokeSessions } from "../../lib/auth/session-version";
import { describeEachAppDb } from "../api/support";

const ORIGIN = "http://127.0.0.1:3000";
const PASSWORD = "correct horse battery";
let previous: SignInLimiter;
before(() => (previous = replaceSignInLimiter(new SignInLimiter())));
beforeEach(() => replaceSignInLimiter(new SignInLimiter(() => 0, { address: { max: 8, windowMs: 60_000 } })));
after(() => replaceSignInLimiter(previous));

const cookiesOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(";")[0]);

/** One credentials sign-in as a browser does it: fetch the CSRF token, then post the form. */
async function signIn(email: string, password: string, peer: string, forwardedFor?: string) {
  const csrf = await handlers.GET(new NextRequest(`${ORIGIN}/api/auth/csrf`));
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded", cookie: cookiesOf(csrf).join("; "), [PEER_HEADER]: peer };
  if (forwardedFor) headers["x-forwarded-for"] = forwardedFor;
  const body = new URLSearchParams({ email, password, csrfToken, callbackUrl: `${ORIGIN}/workflows` });
  const res = await handlers.POST(new NextRequest(`${ORIGIN}/api/auth/callback/credentials`, { method: "POST", headers, body }));
  const location = new URL(res.headers.get("location") ?? "/", ORIGIN);
  const session = cookiesOf(res).find((c) => c.startsWith("authjs.session-token=")) ?? null;
  return { outcome: session ? "signed in" : (location.searchParams.get("code") ?? location.searchParams.get("error")), session };
}

/** POST /api/auth/signout as the browser holding `session` would. */
async function signOutWith(session: string) {
  const csrf = await handlers.GET(new NextRequest(`${ORIGIN}/api/auth/csrf`));
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const headers = { "content-type": "application/x-www-form-urlencoded", cookie: [...cookiesOf(csrf), session].join("; ") };
  const res = await handlers.POST(new NextRequest(`${ORIGIN}/api/auth/signout`, { method: "POST", headers, body: new URLSearchParams({ csrfToken }) }));
  assert.equal(res.status, 302);
}

const asCaller = (db: Parameters<typeof resolveCaller>[1], cookie: string) => resolveCaller(new Request(`${ORIGIN}/api/runs/x`, { headers: { cookie } }), db);

describeEachAppDb("sign-in limits and sessions", (db) => {
  let n = 0;
  const email = (label: string) => `${label}-${++n}-${Math.random().toString(36).slice(2, 8)}@example.com`;

  test("wrong passwords from one address slow that address down and never lock the owner out elsewhere", async () => {
    const owner = email("owner");
    assert.ok((await createAccount(owner, PASSWORD)).ok);
    const guesses = [];
    for (let i = 0; i < 5; i++) guesses.push((await signIn(owner, `guess ${i}`, "192.0.2.10")).outcome);
    // Three free failures, then a wait (the clock stands still here): later tries aren't even checked.
    assert.deepEqual(guesses, ["wrong_credentials", "wrong_credentials", "wrong_credentials", "rate_limited", "rate_limited"]);
    assert.equal((await signIn(owner, PASSWORD, "192.0.2.10")).outcome, "rate_limited", "the right password waits too at the guessing address");
    assert.equal((await signIn(owner, PASSWORD, "192.0.2.11")).outcome, "signed in", "the owner at another address gets in");
  });

  test("rotating X-Forwarded-For neither resets a pair nor escapes the address cap", async () => {
    const target = email("target");
    assert.ok((await createAccount(target, PASSWORD)).ok);
    const peer = "192.0.2.20";
    const pair = [];
    for (let i = 0; i < 5; i++) pair.push((await signIn(target, `guess ${i}`, peer, `198.51.100.${i}`)).outcome);
    assert.deepEqual(pair.slice(3), ["rate_limited", "rate_limited"]);
    // Spraying other accounts from the same peer, a new forged address each time: 3 + 5 failures reach the address cap (8 here).
    for (let i = 0; i < 5; i++) assert.equal((await signIn(email("spray"), "guess", peer, `203.0.113.${i}`)).outcome, "wrong_credentials");
    const other = email("other");
    assert.ok((await createAccount(other, PASSWORD)).ok);
    assert.equal((await signIn(other, PASSWORD, peer, "203.0.113.250")).outcome, "rate_limited");
    assert.equal((await signIn(other, PASSWORD, "192.0.2.21")).outcome, "signed in");
  });

  test("sign-out ends the session cookie (and every other one of the account); a new sign-in works", async () => {
    const who = email("signout");
    const created = await createAccount(who, PASSWORD);
    assert.ok(created.ok);
    const first = (await signIn(who, PASSWORD, "192.0.2.30")).session!;
    const second = (await signIn(who, PASSWORD, "192.0.2.31")).session!;
    assert.deepEqual(await asCaller(db(), first), { userId: created.userId, via: "session" });
    assert.ok(await revokeSessions(db(), created.userId)); // what the sign-out action does first
    assert.equal(await asCaller(db(), first), null, "a copy of the signed-out cookie is refused");
    assert.equal(await asCaller(db(), second), null, "so is the account's other session");
    const again = (await signIn(who, PASSWORD, "192.0.2.30")).session!;
    assert.deepEqual(await asCaller(db(), again), { userId: created.userId, via: "session" });
  });

  test("Auth.js's own sign-out endpoint revokes too; a revoked cookie can't sign the next session out", async () => {
    const who = email("endpoint");
    const created = await createAccount(who, PASSWORD);
    assert.ok(created.ok);
    const old = (await signIn(who, PASSWORD, "192.0.2.50")).session!;
    await signOutWith(old);
    assert.equal(await asCaller(db(), old), null);
    const fresh = (await signIn(who, PASSWORD, "192.0.2.50")).session!;
    await signOutWith(old); // someone replaying the dead cookie
    assert.deepEqual(await asCaller(db(), fresh), { userId: created.userId, via: "session" });
  });

  test("a password change needs the current password, then ends every earlier session", async () => {
    const who = email("change");
    const created = await createAccount(who, PASSWORD);
    assert.ok(created.ok);
    const before = (await signIn(who, PASSWORD, "192.0.2.40")).session!;
    assert.deepEqual(await changePassword(db(), created.userId, { current: "not it", next: "a new passphrase", address: "192.0.2.40" }), { ok: false, reason: "wrong_password" });
    assert.ok(await asCaller(db(), before), "a refused change ends nothing");
    assert.deepEqual(await changePassword(db(), created.userId, { current: PASSWORD, next: "a new passphrase", address: "192.0.2.40" }), { ok: true, email: who });
    assert.equal(await asCaller(db(), before), null);
    assert.equal((await signIn(who, PASSWORD, "192.0.2.41")).outcome, "wrong_credentials");
    assert.equal((await signIn(who, "a new passphrase", "192.0.2.41")).outcome, "signed in");
  });
});
