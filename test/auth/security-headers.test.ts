// The content security policy's variable parts: development needs eval and inline styles,
// Trigger.dev's realtime API and OAuth sign-in redirects are allowed only when configured.
import { test } from "node:test";
import assert from "node:assert/strict";
import { contentSecurityPolicy } from "../../lib/http/security-headers";

const policy = (env: Record<string, string>) => Object.fromEntries(contentSecurityPolicy({ nonce: "n0nce", pathname: "/workflows", env }).split("; ").map((d) => [d.split(" ")[0], d]));

test("production: nonce-only scripts and style elements, no eval, inline style attributes for the canvas", () => {
  const p = policy({ NODE_ENV: "production" });
  assert.equal(p["script-src"], "script-src 'self' 'nonce-n0nce' 'strict-dynamic'");
  assert.equal(p["style-src"], "style-src 'self' 'nonce-n0nce'");
  assert.equal(p["style-src-attr"], "style-src-attr 'unsafe-inline'");
  assert.equal(p["connect-src"], "connect-src 'self'");
  assert.equal(p["form-action"], "form-action 'self'");
  assert.equal(p["base-uri"], "base-uri 'none'");
});

test("development allows eval and inline style elements", () => {
  const p = policy({ NODE_ENV: "development" });
  assert.match(p["script-src"], /'unsafe-eval'/);
  assert.equal(p["style-src"], "style-src 'self' 'unsafe-inline'");
});

test("Trigger.dev's API and OAuth providers only when configured", () => {
  assert.equal(policy({ TRIGGER_SECRET_KEY: "tr_x" })["connect-src"], "connect-src 'self' https://api.trigger.dev");
  assert.equal(policy({ TRIGGER_SECRET_KEY: "tr_x", TRIGGER_API_URL: "https://trigger.example.com/x" })["connect-src"], "connect-src 'self' https://trigger.example.com");
  assert.equal(policy({ AUTH_GITHUB_ID: "a", AUTH_GITHUB_SECRET: "b", AUTH_GOOGLE_ID: "c" })["form-action"], "form-action 'self' https://github.com");
});
