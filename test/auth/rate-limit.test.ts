import assert from "node:assert/strict";
import { test } from "node:test";
import { FailureLimiter, ProgressiveDelay, SignInLimiter } from "../../lib/auth/rate-limit";

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

test("progressive delay: free failures, then each failure doubles the wait from the last one, up to the cap", () => {
  const clock = { now: 0 };
  const delay = new ProgressiveDelay({ free: 3, baseMs: 1_000, maxMs: 8_000, forgetMs: 60_000 }, () => clock.now);
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7].map((n) => delay.delayAfter(n)), [0, 0, 0, 1_000, 2_000, 4_000, 8_000, 8_000]);
  for (let i = 0; i < 3; i++) delay.recordFailure("k");
  assert.equal(delay.retryAfterMs("k"), 1_000);
  clock.now += 1_000;
  assert.equal(delay.retryAfterMs("k"), 0, "the wait is over: one more try");
  delay.recordFailure("k");
  assert.equal(delay.retryAfterMs("k"), 2_000);
  clock.now += 60_000;
  assert.equal(delay.retryAfterMs("k"), 0, "forgotten after a quiet spell");
  delay.recordFailure("k");
  assert.equal(delay.retryAfterMs("k"), 0, "counting starts over");
});

test("wrong passwords from one address never lock the owner out at another", () => {
  const clock = { now: 0 };
  const limits = new SignInLimiter(() => clock.now);
  for (let i = 0; i < 50; i++) limits.recordFailure("owner@example.com", "203.0.113.9");
  assert.ok(limits.waitMs("owner@example.com", "203.0.113.9") > 0, "the guessing pair waits");
  assert.equal(limits.waitMs("owner@example.com", "198.51.100.4"), 0, "the owner elsewhere doesn't");
  assert.equal(limits.waitMs("someone@example.com", "203.0.113.9"), 0, "other accounts from that address: under the address cap");
});

test("a success clears its pair but not its address's count; the address cap covers spraying", () => {
  const clock = { now: 0 };
  const limits = new SignInLimiter(() => clock.now, { address: { max: 10, windowMs: 60_000 } });
  for (let i = 0; i < 5; i++) limits.recordFailure("a@example.com", "192.0.2.1");
  limits.recordSuccess("a@example.com", "192.0.2.1");
  assert.equal(limits.waitMs("a@example.com", "192.0.2.1"), 0);
  for (let i = 0; i < 5; i++) limits.recordFailure(`victim${i}@example.com`, "192.0.2.1");
  assert.equal(limits.waitMs("new@example.com", "192.0.2.1"), 60_000, "10 failures from the address: everything from it waits");
  assert.equal(limits.waitMs("new@example.com", "192.0.2.2"), 0);
});
