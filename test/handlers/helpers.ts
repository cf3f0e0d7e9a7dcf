/**
 * A hand-built ExecuteContext for calling handlers directly; `resolve` uses
 * the engine's own template evaluation (spec section 5).
 */
import { defaultHandlerOptions, type ExecuteContext, type ExecuteResult, type HandlerOptions, type NodeHandler } from "../../lib/engine/handlers/types";
import { resolveValue } from "../../lib/engine/templates/compile";

export interface TestContextInit {
  scope?: Record<string, unknown>;
  attempt?: number;
  attemptStartedAt?: number;
  options?: Partial<HandlerOptions>;
  signal?: AbortSignal;
}

export function makeContext(init: TestContextInit = {}): ExecuteContext {
  const scope = init.scope ?? {};
  return {
    runId: "run_test",
    node: { id: "n1", type: "test" },
    attempt: init.attempt ?? 1,
    instance: "n1",
    attemptStartedAt: init.attemptStartedAt ?? Date.now(),
    scope,
    resolve: (value, bindings) => resolveValue(value, { ...scope, ...(bindings ?? {}) }),
    triggerPayload: undefined,
    signal: init.signal ?? new AbortController().signal,
    emitChunk: () => {},
    options: { ...defaultHandlerOptions, ...(init.options ?? {}) },
  };
}

/** The output of a `done` result; fails the test on a pause. */
export function doneOutput(result: ExecuteResult): unknown {
  if (result.kind !== "done") throw new Error(`expected a done result, got ${result.kind}`);
  return result.output;
}

/** Asserts `promise` rejects with a NodeError of `code`; returns it for more checks. */
export async function rejectsWithCode(promise: Promise<unknown>, code: string): Promise<Error & { code: string }> {
  try {
    await promise;
  } catch (error) {
    const actual = (error as { code?: string }).code;
    if (actual !== code) throw new Error(`expected code ${code}, got ${actual}: ${(error as Error).message}`);
    return error as Error & { code: string };
  }
  throw new Error(`expected a rejection with code ${code}, but it resolved`);
}

export function throwsWithCode(fn: () => unknown, code: string): Error & { code: string } {
  try {
    fn();
  } catch (error) {
    const actual = (error as { code?: string }).code;
    if (actual !== code) throw new Error(`expected code ${code}, got ${actual}: ${(error as Error).message}`);
    return error as Error & { code: string };
  }
  throw new Error(`expected a throw with code ${code}`);
}

/** Parses `config` with the handler's schema (as the core does after resolving templates) and executes it. */
export async function run<Config>(handler: NodeHandler<Config>, config: unknown, ctx: ExecuteContext = makeContext()): Promise<ExecuteResult> {
  const parsed = handler.configSchema.safeParse(config);
  if (!parsed.success) {
    throw Object.assign(new Error(`invalid config: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`), {
      code: "VALIDATION_ERROR",
    });
  }
  return handler.execute(parsed.data, ctx);
}
