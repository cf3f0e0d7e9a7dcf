/** Error codes of the spec (section 4); `HTTP_<status>` is built with {@link httpErrorCode}. */
export const ErrorCode = {
  FAIL: "FAIL",
  SCRIPT_ERROR: "SCRIPT_ERROR",
  TIMEOUT: "TIMEOUT",
  /** User code exceeded its sandbox's memory (javascript's QuickJS heap, the sandbox process's V8 heap); not retryable. */
  MEMORY_LIMIT: "MEMORY_LIMIT",
  NETWORK: "NETWORK",
  LOOP_LIMIT: "LOOP_LIMIT",
  VALIDATION_ERROR: "VALIDATION_ERROR",
  CANCELLED: "CANCELLED",
  /** Sub-workflows (spec 4.1): the child failed or was cancelled; a child paused where nothing can wait for it; the call depth limit. */
  CHILD_FAILED: "CHILD_FAILED",
  CHILD_PAUSED: "CHILD_PAUSED",
  DEPTH_LIMIT: "DEPTH_LIMIT",
} as const;

export const httpErrorCode = (status: number) => `HTTP_${status}`;

/** Retryable per spec section 3: network errors, timeouts, HTTP 429 and 5xx. */
export function isRetryableCode(code: string): boolean {
  if (code === ErrorCode.NETWORK || code === ErrorCode.TIMEOUT) return true;
  const http = /^HTTP_(\d{3})$/.exec(code);
  if (!http) return false;
  const status = Number(http[1]);
  return status === 429 || status >= 500;
}

/** Marks NodeErrors across copies of this module (a Next.js server build can hold two). */
const NODE_ERROR = Symbol.for("flowmaestro.NodeError");

/**
 * The one error type handlers throw. Anything else a handler throws is recorded
 * with code `INTERNAL` and its message only (never a stack), not retried.
 * `instanceof NodeError` holds for one made by another copy of this module too: under `next start`
 * the sandbox pool and the run executing a node were built into different chunks, and a sandbox
 * TIMEOUT arrived as INTERNAL (e2e/sandbox.spec.ts caught it).
 */
export class NodeError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  readonly [NODE_ERROR] = true;

  constructor(message: string, code: string, options: { retryable?: boolean; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "NodeError";
    this.code = code;
    this.retryable = options.retryable ?? isRetryableCode(code);
  }

  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as { [NODE_ERROR]?: unknown })[NODE_ERROR] === true;
  }
}

/**
 * Aborting a run's signal with this as the reason stops the run as a failure (its time limit),
 * not a cancellation: it ends `failed` with this message, in its events, state and result.
 */
export class RunStopFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RunStopFailure";
  }
}

/** The run error a stop carries, if it is a failure (matched by name: bundles may hold two copies of the class). */
export function stopFailureOf(reason: unknown): { message: string; nodeId: string } | undefined {
  return reason instanceof Error && reason.name === "RunStopFailure" ? { message: reason.message, nodeId: "" } : undefined;
}

/** The serializable form stored in run state and shown in results: `{ message, code }`. */
export interface NodeErrorInfo {
  message: string;
  code: string;
}

export function toErrorInfo(error: unknown): NodeErrorInfo & { retryable: boolean } {
  if (error instanceof NodeError) return { message: error.message, code: error.code, retryable: error.retryable };
  const message = error instanceof Error ? error.message : String(error);
  return { message, code: "INTERNAL", retryable: false };
}
