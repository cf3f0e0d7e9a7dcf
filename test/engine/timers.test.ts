// setLongTimeout (lib/engine/timers.ts) waits past the 2^31-1 ms a Node timer holds, in steps.
import assert from "node:assert/strict";
import { mock, test } from "node:test";
import { MAX_TIMER_MS, setLongTimeout } from "../../lib/engine/timers";

test("a 30-day timer fires after 30 days, not after one step; clear stops it", () => {
  mock.timers.enable({ apis: ["setTimeout", "Date"], now: 0 });
  try {
    const DAY = 24 * 60 * 60 * 1000;
    let fired = 0;
    setLongTimeout(() => fired++, 30 * DAY);
    mock.timers.tick(MAX_TIMER_MS);
    assert.equal(fired, 0, "still waiting after one full step (~24.8 days)");
    mock.timers.tick(30 * DAY - MAX_TIMER_MS - 1);
    assert.equal(fired, 0, "1 ms early");
    mock.timers.tick(1);
    assert.equal(fired, 1);

    const cleared = setLongTimeout(() => fired++, 30 * DAY);
    mock.timers.tick(MAX_TIMER_MS);
    cleared.clear();
    mock.timers.tick(30 * DAY);
    assert.equal(fired, 1, "cleared after its first step");
  } finally {
    mock.timers.reset();
  }
});
