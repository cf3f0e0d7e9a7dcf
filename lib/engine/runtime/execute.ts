/** Runs one node attempt: backoff delay, per-attempt timeout, errors to `{ message, code }`. */
import { ErrorCode, NodeError, toErrorInfo } from "../errors";
import { setLongTimeout, type LongTimeout } from "../timers";
import type { AnyNodeHandler, HandlerOptions } from "../handlers/types";
import { resolveValue } from "../templates/compile";
import type { NodeTask, NodeTaskResult } from "./port";

export interface ExecuteOptions {
  handler: AnyNodeHandler;
  options: HandlerOptions;
  /** Aborted on cancellation. */
  signal: AbortSignal;
  emitChunk(chunk: string): void;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal.aborted) return resolve();
    const timer = setLongTimeout(done, ms);
    function done() {
      timer.clear();
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

export async function executeTask(task: NodeTask, { handler, options, signal, emitChunk }: ExecuteOptions): Promise<NodeTaskResult> {
  await sleep(task.delayMs, signal);
  if (signal.aborted) return { key: task.key, kind: "error", error: { message: "cancelled", code: ErrorCode.CANCELLED }, retryable: false };
  const attempt = new AbortController();
  const onAbort = () => attempt.abort(signal.reason);
  signal.addEventListener("abort", onAbort, { once: true });
  let timer: LongTimeout | undefined;
  let timedOut: NodeError | undefined;
  try {
    const run = handler.execute(task.config, {
      runId: task.runId,
      node: { id: task.nodeId, type: task.type, name: task.name },
      attempt: task.attempt,
      instance: task.instance,
      attemptStartedAt: task.attemptStartedAt,
      scope: task.scope,
      resolve: (value: unknown, bindings?: Record<string, unknown>) => resolveValue(value, bindings ? { ...task.scope, ...bindings } : task.scope),
      triggerPayload: task.triggerPayload,
      signal: attempt.signal,
      emitChunk,
      options,
      ...(task.resumed ? { resumed: task.resumed } : {}),
    });
    const limitMs = task.timeoutMs;
    const timeout =
      limitMs !== undefined
        ? new Promise<never>((_, reject) => {
            timer = setLongTimeout(() => {
              timedOut = new NodeError(`timed out after ${limitMs} ms`, ErrorCode.TIMEOUT);
              reject(timedOut);
              attempt.abort(timedOut);
            }, limitMs);
          })
        : undefined;
    const result = await (timeout ? Promise.race([run, timeout]) : run);
    if (result.kind === "pause") return { key: task.key, kind: "pause", pause: result.pause, config: task.config };
    return { key: task.key, kind: "done", output: result.output, handle: result.handle, variables: result.variables };
  } catch (error) {
    // Whatever the handler threw once aborted, the cause is the timeout or the cancellation.
    const info = signal.aborted ? { message: "cancelled", code: ErrorCode.CANCELLED, retryable: false } : toErrorInfo(timedOut ?? error);
    return { key: task.key, kind: "error", error: { message: info.message, code: info.code }, retryable: info.retryable };
  } finally {
    timer?.clear();
    signal.removeEventListener("abort", onAbort);
  }
}
