import assert from "node:assert/strict";
import { test } from "node:test";
import { safeCallbackPath, signInSchema, signUpSchema } from "../../lib/auth/schemas";

test("sign-up normalizes the email and requires 8+ character passwords", () => {
  const ok = signUpSchema.safeParse({ email: "  Ada@Example.COM ", password: "12345678" });
  assert.ok(ok.success);
  assert.equal(ok.data.email, "ada@example.com");

  const bad = signUpSchema.safeParse({ email: "not-an-email", password: "short" });
  assert.ok(!bad.success);
  const messages = Object.fromEntries(bad.error.issues.map((i) => [i.path.join("."), i.message]));
  assert.match(messages.email, /valid email address/);
  assert.match(messages.password, /at least 8 characters/);
});

test("an empty sign-in form names both missing fields", () => {
  const result = signInSchema.safeParse({ email: "", password: "" });
  assert.ok(!result.success);
  assert.deepEqual(
    result.error.issues.map((i) => [i.path.join("."), i.message]),
    [
      ["email", "Enter your email address"],
      ["password", "Enter your password"],
    ],
  );
});

test("only same-site paths survive as a callback", () => {
  assert.equal(safeCallbackPath("/workflows/abc?tab=runs"), "/workflows/abc?tab=runs");
  assert.equal(safeCallbackPath("http://127.0.0.1:3000/workflows"), "/workflows");
  assert.equal(safeCallbackPath("https://evil.example/steal"), "/steal");
  assert.equal(safeCallbackPath("//evil.example/x"), "/x");
  assert.equal(safeCallbackPath("/sign-in"), "/workflows");
  assert.equal(safeCallbackPath("/api/auth/signout"), "/workflows");
  assert.equal(safeCallbackPath(undefined), "/workflows");
});
