// Slows down password guessing: failed sign-ins are counted per email and per client address
// in a fixed window; past the limit, further attempts are refused until the window ends.
// In-process memory: right for the single-process app (embedded PGlite allows one server per
// data dir). Several app replicas would each count separately; see docs/decisions.md.

export type Clock = () => number;

export type LimitRule = { max: number; windowMs: number };

type Entry = { failures: number; resetAt: number };

export class FailureLimiter {
  private readonly entries = new Map<string, Entry>();

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
    if (this.entries.size > 10_000) this.sweep();
  }

  reset(key: string): void {
    this.entries.delete(key);
  }

  private live(key: string): Entry | undefined {
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

export const EMAIL_RULE: LimitRule = { max: 5, windowMs: 15 * 60_000 };
export const ADDRESS_RULE: LimitRule = { max: 30, windowMs: 15 * 60_000 };

export type SignInLimiter = { byEmail: FailureLimiter; byAddress: FailureLimiter };

// Next bundles route handlers and server actions separately; one limiter per process is kept
// on globalThis so every bundle counts into the same place.
const holder = globalThis as typeof globalThis & { __flowmaestroSignInLimiter?: SignInLimiter };

export function signInLimiter(): SignInLimiter {
  holder.__flowmaestroSignInLimiter ??= {
    byEmail: new FailureLimiter(EMAIL_RULE),
    byAddress: new FailureLimiter(ADDRESS_RULE),
  };
  return holder.__flowmaestroSignInLimiter;
}

/** The client address as the first hop reports it (Next sets x-forwarded-for on every request). */
export function clientAddress(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || headers.get("x-real-ip")?.trim() || "unknown";
}
