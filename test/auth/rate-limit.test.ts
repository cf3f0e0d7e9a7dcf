import assert from "node:assert/strict";
import { test } from "node:test";
import { FailureLimiter, clientAddress } from "../../lib/auth/rate-limit";

function limiterAt(start = 1_000) {
  const clock = { now: start };
  const limiter = new FailureLimiter({ max: 3, windowMs: 60_000 }, () => clock.now);
  return { limiter, clock };
}

test("allows attempts until the limit of failures, then refuses until the window ends", () => {
  const { limiter, clock } = limiterAt();
  for (let i = 0; i < 2; i++) limiter.recordFailure("a@example.com");
  assert.equal(limiter.retryAfterMs("a@example.com"), 0);
  limiter.recordFailure("a@example.com");
  assert.equal(limiter.retryAfterMs("a@example.com"), 60_000);
  clock.now += 59_999;
  assert.equal(limiter.retryAfterMs("a@example.com"), 1);
  clock.now += 1;
  assert.equal(limiter.retryAfterMs("a@example.com"), 0);
});

test("keys are counted separately and a success resets one key", () => {
  const { limiter } = limiterAt();
  for (let i = 0; i < 3; i++) limiter.recordFailure("a");
  limiter.recordFailure("b");
  assert.ok(limiter.retryAfterMs("a") > 0);
  assert.equal(limiter.retryAfterMs("b"), 0);
  limiter.reset("a");
  assert.equal(limiter.retryAfterMs("a"), 0);
});

test("a failure after the window starts a new count", () => {
  const { limiter, clock } = limiterAt();
  for (let i = 0; i < 3; i++) limiter.recordFailure("a");
  clock.now += 60_000;
  limiter.recordFailure("a");
  assert.equal(limiter.retryAfterMs("a"), 0);
});

test("the client address is the first x-forwarded-for hop, else x-real-ip, else unknown", () => {
  assert.equal(clientAddress(new Headers({ "x-forwarded-for": "203.0.113.7, 10.0.0.1" })), "203.0.113.7");
  assert.equal(clientAddress(new Headers({ "x-real-ip": "198.51.100.2" })), "198.51.100.2");
  assert.equal(clientAddress(new Headers()), "unknown");
});
