/** How handlers turn an aborted `ctx.signal` into the node's error. */
import { ErrorCode, NodeError } from "../errors";
import { setLongTimeout } from "../timers";

/**
 * The scheduler aborts with a NodeError (TIMEOUT for the node's time limit,
 * CANCELLED for a cancelled run): rethrow it as is. Any other reason means
 * the run was cancelled.
 */
export function abortError(signal: AbortSignal): NodeError {
  const reason: unknown = signal.reason;
  if (reason instanceof NodeError) return reason;
  return new NodeError("cancelled", ErrorCode.CANCELLED, { retryable: false });
}

/**
 * A signal that aborts with `ctx.signal` (its reason kept) or after `timeoutMs`
 * (TIMEOUT with `timeoutMessage`). Call `dispose` when done to clear the timer.
 */
export function withTimeout(parent: AbortSignal, timeoutMs: number, timeoutMessage: string): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onAbort = () => controller.abort(abortError(parent));
  if (parent.aborted) onAbort();
  else parent.addEventListener("abort", onAbort, { once: true });
  const timer = setLongTimeout(() => controller.abort(new NodeError(timeoutMessage, ErrorCode.TIMEOUT)), timeoutMs);
  return {
    signal: controller.signal,
    dispose() {
      timer.clear();
      parent.removeEventListener("abort", onAbort);
    },
  };
}
