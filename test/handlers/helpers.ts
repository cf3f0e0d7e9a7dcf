/**
 * A hand-built ExecuteContext for calling handlers directly. `resolve` is a
 * small stand-in for the engine's templates (spec section 5: whole-field
 * templates keep their type, text interpolation writes JSON) so these tests
 * don't depend on the core being written at the same time.
 */
import { defaultHandlerOptions, type ExecuteContext, type ExecuteResult, type HandlerOptions, type NodeHandler } from "../../lib/engine/handlers/types";

function lookup(root: Record<string, unknown>, path: string): unknown {
  const segments = path.trim().replace(/\[(\d+)\]/g, ".$1").split(".").filter(Boolean);
  let value: unknown = root;
  for (const segment of segments) {
    if (value === null || typeof value !== "object") return null;
    value = (value as Record<string, unknown>)[segment];
  }
  return value === undefined ? null : value;
}

export function resolveTemplates(value: unknown, scope: Record<string, unknown>): unknown {
  if (typeof value === "string") {
    const whole = /^\{\{([^{}]+)\}\}$/.exec(value);
    if (whole) return lookup(scope, whole[1]);
    return value.replace(/\{\{([^{}]+)\}\}/g, (_m, path: string) => {
      const found = lookup(scope, path);
      return found === null ? "" : typeof found === "string" ? found : JSON.stringify(found);
    });
  }
  if (Array.isArray(value)) return value.map((item) => resolveTemplates(item, scope));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolveTemplates(item, scope)]));
  }
  return value;
}

export interface TestContextInit {
  scope?: Record<string, unknown>;
  options?: Partial<HandlerOptions>;
  signal?: AbortSignal;
}

export function makeContext(init: TestContextInit = {}): ExecuteContext {
  const scope = init.scope ?? {};
  return {
    runId: "run_test",
    node: { id: "n1", type: "test" },
    attempt: 1,
    scope,
    resolve: (value, bindings) => resolveTemplates(value, { ...scope, ...(bindings ?? {}) }),
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
