/** `javascript`: a function body run in the QuickJS sandbox with `data` and `context` (spec section 4). */
import { z } from "zod";
import { ErrorCode, NodeError } from "../errors";
import { abortError } from "./abort";
import { defineHandler } from "./types";

const configSchema = z.object({
  code: z.string().min(1, "code is required"),
  input: z.unknown().optional(),
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
  type: "javascript",
  label: "JavaScript",
  description: "Run a sandboxed function body with `data` (the input) and `context` (read-only scope); return the result",
  category: "data",
  configSchema,
  rawFields: ["code"],
  handles: () => ["source"],
  async prepare(options) {
    // Compiling the WebAssembly module costs 100+ ms: start it while the run's first nodes go.
    const { loadQuickJS } = await import("../sandbox/quickjs");
    await loadQuickJS(options.scriptMemoryBytes);
  },
  async execute(config, ctx) {
    if (ctx.signal.aborted) throw abortError(ctx.signal);
    const contextJson = toJson(ctx.scope, "the scope");
    const dataJson = config.input === undefined ? contextJson : toJson(config.input, "input");
    // The QuickJS sandbox is loaded on first use (start-up of runs without javascript nodes).
    const { runScript } = await import("../sandbox/run-script");
    const result = await runScript({
      code: config.code,
      dataJson,
      contextJson,
      timeoutMs: ctx.options.scriptTimeoutMs,
      memoryBytes: ctx.options.scriptMemoryBytes,
    });
    return { kind: "done", output: { result } };
  },
});
