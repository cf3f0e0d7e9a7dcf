// Slows down password guessing without handing an attacker a way to lock the owner out:
// - per (email, client address): 3 free failures, then each failure doubles the wait before that
//   pair may try again (1 s after the 3rd, 2 s, 4 s … up to 15 min); the owner at another address
//   is not affected, and a success clears the pair;
// - per client address: a looser cap on failures across all emails (spraying), in a fixed window.
// No per-email lock across addresses: that is exactly what lets anyone lock an account.
// In-process memory: right for the single-process app (embedded PGlite allows one server per
// data dir). Several app replicas would each count separately; see docs/decisions.md.

export type Clock = () => number;

export type LimitRule = { max: number; windowMs: number };

/** After `failures` ≥ free the wait is baseMs·2^(failures−free), at most maxMs; an entry quiet for forgetMs is dropped. */
export type DelayRule = { free: number; baseMs: number; maxMs: number; forgetMs: number };

const SWEEP_ABOVE = 10_000;

/** Fixed-window failure counts per key. */
export class FailureLimiter {
  private readonly entries = new Map<string, { failures: number; resetAt: number }>();

  constructor(
    private readonly rule: LimitRule,
    private readonly now: Clock = Date.now,
  ) {}

  /** Milliseconds until `key` may try again, or 0 when it may try now. */
  retryAfterMs(key: string): number {
    const entry = this.live(key);
    if (!entry || entry.failures < this.rule.max) return 0;
    return entry.resetAt - this.now();
  }

  recordFailure(key: string): void {
    const entry = this.live(key);
    if (entry) entry.failures += 1;
    else this.entries.set(key, { failures: 1, resetAt: this.now() + this.rule.windowMs });
    if (this.entries.size > SWEEP_ABOVE) this.sweep();
  }

  reset(key: string): void {
    this.entries.delete(key);
  }

  private live(key: string) {
    const entry = this.entries.get(key);
    if (entry && entry.resetAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.resetAt <= now) this.entries.delete(key);
  }
}

/** Exponentially growing waits per key after a few free failures. */
export class ProgressiveDelay {
  private readonly entries = new Map<string, { failures: number; lastAt: number }>();

  constructor(
    private readonly rule: DelayRule,
    private readonly now: Clock = Date.now,
  ) {}

  /** The wait after `failures` failures (0 while they are free). */
  delayAfter(failures: number): number {
    if (failures < this.rule.free) return 0;
    return Math.min(this.rule.maxMs, this.rule.baseMs * 2 ** Math.min(failures - this.rule.free, 40));
  }

  retryAfterMs(key: string): number {
    const entry = this.live(key);
    if (!entry) return 0;
    return Math.max(0, entry.lastAt + this.delayAfter(entry.failures) - this.now());
  }

  recordFailure(key: string): void {
    const entry = this.live(key);
    this.entries.set(key, { failures: (entry?.failures ?? 0) + 1, lastAt: this.now() });
    if (this.entries.size > SWEEP_ABOVE) this.sweep();
  }

  reset(key: string): void {
    this.entries.delete(key);
  }

  private live(key: string) {
    const entry = this.entries.get(key);
    if (entry && entry.lastAt + this.rule.forgetMs <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.lastAt + this.rule.forgetMs <= now) this.entries.delete(key);
  }
}

export const PAIR_RULE: DelayRule = { free: 3, baseMs: 1_000, maxMs: 15 * 60_000, forgetMs: 24 * 60 * 60_000 };
export const ADDRESS_RULE: LimitRule = { max: 100, windowMs: 15 * 60_000 };

/** The sign-in limits of one process: check `waitMs` before verifying a password, then record the outcome. */
export class SignInLimiter {
  readonly byPair: ProgressiveDelay;
  readonly byAddress: FailureLimiter;

  constructor(now: Clock = Date.now, rules: { pair?: DelayRule; address?: LimitRule } = {}) {
    this.byPair = new ProgressiveDelay(rules.pair ?? PAIR_RULE, now);
    this.byAddress = new FailureLimiter(rules.address ?? ADDRESS_RULE, now);
  }

  /** Milliseconds before this email may be tried from this address (0: now). */
  waitMs(email: string, address: string): number {
    return Math.max(this.byPair.retryAfterMs(pairKey(email, address)), this.byAddress.retryAfterMs(address));
  }

  recordFailure(email: string, address: string): void {
    this.byPair.recordFailure(pairKey(email, address));
    this.byAddress.recordFailure(address);
  }

  /** The right password: the pair starts over (the address count stays: successes must not launder a spray). */
  recordSuccess(email: string, address: string): void {
    this.byPair.reset(pairKey(email, address));
  }
}

const pairKey = (email: string, address: string) => JSON.stringify([email, address]);

// Next bundles route handlers and server actions separately; one limiter per process is kept
// on globalThis so every bundle counts into the same place.
const holder = globalThis as typeof globalThis & { __flowmaestroSignInLimits?: SignInLimiter };

export function signInLimiter(): SignInLimiter {
  holder.__flowmaestroSignInLimits ??= new SignInLimiter();
  return holder.__flowmaestroSignInLimits;
}

/** Swaps the process's limiter (tests freeze its clock); answers the one it replaced. */
export function replaceSignInLimiter(next: SignInLimiter): SignInLimiter {
  const previous = signInLimiter();
  holder.__flowmaestroSignInLimits = next;
  return previous;
}
