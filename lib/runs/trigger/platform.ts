/**
 * The seam between the Trigger.dev coordinator and the platform: the three calls that wait or
 * need the Trigger.dev API. trigger/platform.ts implements it with the SDK; tests use an
 * in-process stand-in. `serialWaits` refuses a second wait while one is pending, which the
 * platform would reject with TASK_DID_CONCURRENT_WAIT.
 */
import type { ExecuteNodeOutput, ExecuteNodePayload } from "./contract";

export type ChildRunResult = { ok: true; id: string; output: ExecuteNodeOutput } | { ok: false; id: string; error: unknown };
export type TokenResult = { ok: true; output: unknown } | { ok: false; error: unknown };

/** One child run: its payload, and a key that makes a retried coordinator get the same child run back. */
export interface NodeBatchItem {
  payload: ExecuteNodePayload;
  idempotencyKey: string;
}

export interface TriggerPlatform {
  /** One executeNode.batchTriggerAndWait: one result per item, in item order. */
  batchExecuteNodes(items: NodeBatchItem[]): Promise<ChildRunResult[]>;
  /** wait.createToken; `timeout` is when an unanswered token gives up. */
  createToken(options: { idempotencyKey: string; timeout?: Date; tags?: string[] }): Promise<{ id: string }>;
  /** wait.forToken: the completion's data, or ok: false when the token timed out. */
  forToken(tokenId: string): Promise<TokenResult>;
}

export class ConcurrentWaitError extends Error {
  readonly code = "TASK_DID_CONCURRENT_WAIT";
  constructor(what: string, pending: string) {
    super(`${what} while ${pending} is still waiting: a Trigger.dev task may wait on one thing at a time`);
  }
}

/** Wraps a platform so that a second wait while one is pending throws instead of reaching it. */
export function serialWaits(platform: TriggerPlatform): TriggerPlatform {
  let pending: string | null = null;
  async function one<T>(what: string, wait: () => Promise<T>): Promise<T> {
    if (pending) throw new ConcurrentWaitError(what, pending);
    pending = what;
    try {
      return await wait();
    } finally {
      pending = null;
    }
  }
  return {
    batchExecuteNodes: (items) => one(`batchTriggerAndWait of ${items.length} node(s)`, () => platform.batchExecuteNodes(items)),
    createToken: (options) => platform.createToken(options),
    forToken: (tokenId) => one(`wait.forToken(${tokenId})`, () => platform.forToken(tokenId)),
  };
}

/** Waits between tries of a rate-limited batch when the platform does not say how long (ms). */
export const RATE_LIMIT_BACKOFF_MS = [1000, 2000, 4000, 8000, 16000, 30000];

/** A BatchTriggerError the SDK threw for HTTP 429 (read by shape: lib stays free of the SDK). */
function rateLimited(error: unknown): { retryAfterMs?: number } | null {
  if (typeof error !== "object" || error === null || (error as { isRateLimited?: unknown }).isRateLimited !== true) return null;
  const after = (error as { retryAfterMs?: unknown }).retryAfterMs;
  return typeof after === "number" && after >= 0 ? { retryAfterMs: after } : {};
}

/**
 * Retries a batch the platform refused for its rate limit, after the time it names (else with
 * backoff); after the last try the error says so and the coordinator fails with that reason (its
 * onFailure closes the run row). Child runs carry idempotency keys, so a retry never runs a node twice.
 */
export function retryRateLimited(platform: TriggerPlatform, delaysMs: readonly number[] = RATE_LIMIT_BACKOFF_MS, sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))): TriggerPlatform {
  return {
    ...platform,
    async batchExecuteNodes(items) {
      for (let tries = 0; ; tries++) {
        try {
          return await platform.batchExecuteNodes(items);
        } catch (error) {
          const limit = rateLimited(error);
          if (!limit) throw error;
          if (tries >= delaysMs.length) {
            const message = error instanceof Error ? error.message : String(error);
            throw new Error(`Trigger.dev kept refusing the batch of ${items.length} node run(s) for its rate limit (${tries + 1} tries): ${message}`, { cause: error });
          }
          await sleep(Math.min(limit.retryAfterMs ?? delaysMs[tries], 60_000));
        }
      }
    },
  };
}
