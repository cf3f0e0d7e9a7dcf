/**
 * Node's timers hold at most 2^31-1 ms (~24.8 days): a longer delay fires after 1 ms (with a
 * TimeoutOverflowWarning), so a node timeout of "30d" timed out at once. This timer waits in steps.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export interface LongTimeout {
  clear(): void;
}

export function setLongTimeout(fire: () => void, ms: number): LongTimeout {
  const due = Date.now() + Math.max(0, ms);
  let timer: ReturnType<typeof setTimeout>;
  const arm = () => {
    const left = due - Date.now();
    timer = left > MAX_TIMER_MS ? setTimeout(arm, MAX_TIMER_MS) : setTimeout(fire, Math.max(0, left));
  };
  arm();
  return { clear: () => clearTimeout(timer) };
}
