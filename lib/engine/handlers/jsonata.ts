/** `jsonata`: a JSONata expression over `input`, or over the scope without one (spec section 4). */
import { z } from "zod";
import { ErrorCode, NodeError } from "../errors";
import { sandboxPool } from "../sandbox/pool";
import { abortError } from "./abort";
import { defineHandler } from "./types";

const configSchema = z.object({
  expression: z.string().min(1, "expression is required").describe("A JSONata expression, e.g. $sum(orders.total); its value is the node's result"),
  input: z.unknown().optional().describe("The data the expression reads, e.g. {{fetch.data}}; the whole scope when empty"),
});
export type JsonataConfig = z.infer<typeof configSchema>;

export const jsonataHandler = defineHandler<JsonataConfig>({
  pure: true,
  type: "jsonata",
  label: "JSONata",
  keywords: ["transform", "expression", "query", "merge", "reshape"],
  description: "Query and reshape data with a JSONata expression",
  category: "data",
  configSchema,
  rawFields: ["expression"],
  handles: () => ["source"],
  async prepare() {
    void sandboxPool().warm(1);
  },
  async execute(config, ctx) {
    if (ctx.signal.aborted) throw abortError(ctx.signal);
    let inputJson: string;
    try {
      inputJson = JSON.stringify(config.input === undefined ? ctx.scope : config.input) ?? "null";
    } catch (error) {
      throw new NodeError(`the input is not JSON-serializable: ${(error as Error).message}`, ErrorCode.SCRIPT_ERROR, { retryable: false });
    }
    // In a sandbox process: a built-in that builds a huge value (`$pad("", 1e9)`) can abort V8, and
    // must abort only that process (lib/engine/sandbox/pool.ts).
    const json = await sandboxPool().run({ kind: "jsonata", expression: config.expression, inputJson, timeoutMs: ctx.options.scriptTimeoutMs }, ctx.signal);
    return { kind: "done", output: { result: JSON.parse(json) as unknown } };
  },
});
