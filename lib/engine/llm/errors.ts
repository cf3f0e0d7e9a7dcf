/**
 * Provider failures as node errors. The engine owns retries (the SDK's are
 * off), so the codes decide them: HTTP_429 and HTTP_5xx retry, TIMEOUT and
 * NETWORK retry, any other status fails with the provider's own message and
 * HTTP_<status> (not retryable) for the error port to route.
 */
import { APICallError, RetryError } from "ai";
import { ErrorCode, NodeError, httpErrorCode } from "../errors";
import { abortError } from "../handlers/abort";

/** Code of a provider failure with no HTTP status (an error event inside a stream, an unusable answer). */
export const LLM_ERROR = "LLM_ERROR";

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "object" && error !== null) {
    const inner = (error as { error?: { message?: unknown }; message?: unknown }).error?.message ?? (error as { message?: unknown }).message;
    if (typeof inner === "string") return inner;
    return JSON.stringify(error);
  }
  return String(error);
}

/** The first NodeError in the cause chain (the guarded fetch throws SSRF_BLOCKED / NETWORK ones). */
function nodeErrorIn(error: unknown): NodeError | undefined {
  const seen = new Set<unknown>();
  let current = error;
  while (current instanceof Error && !seen.has(current)) {
    if (current instanceof NodeError) return current;
    seen.add(current);
    current = current.cause;
  }
  return undefined;
}

export function toNodeError(error: unknown, signal: AbortSignal, provider: string): NodeError {
  if (signal.aborted) return abortError(signal);
  const unwrapped = RetryError.isInstance(error) ? error.lastError : error;
  const own = nodeErrorIn(unwrapped);
  if (own) return own;
  if (APICallError.isInstance(unwrapped)) {
    const status = unwrapped.statusCode;
    if (status !== undefined) {
      const detail = unwrapped.message || `HTTP ${status}`;
      return new NodeError(`${provider} answered ${status}: ${detail}`, httpErrorCode(status), { cause: unwrapped });
    }
    if (unwrapped.isRetryable) return new NodeError(`${provider} request failed: ${unwrapped.message}`, ErrorCode.NETWORK, { cause: unwrapped });
  }
  return new NodeError(`${provider} error: ${messageOf(unwrapped)}`, LLM_ERROR, { retryable: false, cause: unwrapped });
}
