/** `javascript`: a function body run in the QuickJS sandbox with `data` and `context` (spec section 4). */
import { z } from "zod";
import { ErrorCode, NodeError } from "../errors";
import { sandboxPool } from "../sandbox/pool";
import { abortError } from "./abort";
import { defineHandler } from "./types";

const configSchema = z.object({
  code: z.string().min(1, "code is required").describe("A function body with `data` (the input) and `context` (the scope); return the result"),
  input: z.unknown().optional().describe("The value the code gets as `data`, e.g. {{fetch.data}}; the whole scope when empty"),
});
export type JavascriptConfig = z.infer<typeof configSchema>;

function toJson(value: unknown, what: string): string {
  try {
    return JSON.stringify(value ?? null) ?? "null";
  } catch (error) {
    throw new NodeError(`${what} is not JSON-serializable: ${(error as Error).message}`, ErrorCode.SCRIPT_ERROR, { retryable: false });
  }
}

export const javascriptHandler = defineHandler<JavascriptConfig>({
  pure: true,
  type: "javascript",
  label: "JavaScript",
  keywords: ["code", "script", "function", "js", "typescript"],
  description: "Run a sandboxed function body with `data` (the input) and `context` (read-only scope); return the result",
  category: "data",
  configSchema,
  rawFields: ["code"],
  handles: () => ["source"],
  async prepare() {
    // A sandbox process takes a few hundred ms to start and compile QuickJS: start one while the run's first nodes go.
    void sandboxPool().warm(1);
  },
  async execute(config, ctx) {
    if (ctx.signal.aborted) throw abortError(ctx.signal);
    const contextJson = toJson(ctx.scope, "the scope");
    const dataJson = config.input === undefined ? contextJson : toJson(config.input, "input");
    // In a sandbox process (lib/engine/sandbox/pool.ts): the node's timeoutMs and cancellation kill it.
    const json = await sandboxPool().run(
      { kind: "javascript", code: config.code, dataJson, contextJson, timeoutMs: ctx.options.scriptTimeoutMs, memoryBytes: ctx.options.scriptMemoryBytes },
      ctx.signal,
    );
    return { kind: "done", output: { result: JSON.parse(json) as unknown } };
  },
});
