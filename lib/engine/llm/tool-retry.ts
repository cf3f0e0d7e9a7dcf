/**
 * Retries of an agent's tool call (its spec's `retry`, the shape of a node's): a failure the error
 * says is retryable (a network error, HTTP 5xx or 429, a timeout) is tried again after
 * `backoffMs · 2^(attempt-1)`, up to `maxAttempts`, as a node attempt would be; anything else, or
 * the last attempt's failure, goes to the model. The same call keeps its Idempotency-Key.
 */
import { NodeError } from "../errors";

export interface ToolRetry {
  maxAttempts: number;
  backoffMs: number;
}

/** Told before each retry: which attempt comes, after how long, and why. */
export type OnToolRetry = (attempt: number, delayMs: number, error: NodeError) => void;

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

export async function withToolRetry<T>(retry: ToolRetry | undefined, signal: AbortSignal, call: () => Promise<T>, onRetry: OnToolRetry): Promise<T> {
  const maxAttempts = retry?.maxAttempts ?? 1;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof NodeError) || !error.retryable || attempt >= maxAttempts || signal.aborted) throw error;
      const delayMs = (retry?.backoffMs ?? 0) * 2 ** (attempt - 1);
      onRetry(attempt + 1, delayMs, error);
      await pause(delayMs, signal);
      if (signal.aborted) throw error;
    }
  }
}
