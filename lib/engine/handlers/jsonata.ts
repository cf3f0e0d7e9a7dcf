/** `jsonata`: a JSONata expression over `input`, or over the scope without one (spec section 4). */
import type jsonataType from "jsonata";
import { z } from "zod";
import { ErrorCode, NodeError } from "../errors";
import { defineHandler } from "./types";

const configSchema = z.object({
  expression: z.string().min(1, "expression is required"),
  input: z.unknown().optional(),
});
export type JsonataConfig = z.infer<typeof configSchema>;

/** jsonata throws plain objects `{ code, message, position, token }`. */
function describe(error: unknown): { message: string; code?: string } {
  if (error && typeof error === "object") {
    const { message, code, position } = error as { message?: unknown; code?: unknown; position?: unknown };
    const text = typeof message === "string" ? message : String(error);
    const where = typeof position === "number" && position > 0 ? ` (at character ${position})` : "";
    return { message: `${text}${where}`, code: typeof code === "string" ? code : undefined };
  }
  return { message: String(error) };
}

/** Sequences carry extra array properties and results may hold functions: keep plain JSON only. */
function toJson(value: unknown): unknown {
  if (value === undefined) return null;
  const text = JSON.stringify(value);
  return text === undefined ? null : JSON.parse(text);
}

// Loaded on first use: most runs (and the command line's start-up) never need it.
let loaded: Promise<typeof jsonataType> | undefined;
const loadJsonata = () => (loaded ??= import("jsonata").then((m) => m.default));

export const jsonataHandler = defineHandler<JsonataConfig>({
  type: "jsonata",
  label: "JSONata",
  description: "Query and reshape data with a JSONata expression",
  category: "data",
  configSchema,
  rawFields: ["expression"],
  handles: () => ["source"],
  async execute(config, ctx) {
    // jsonata's guardrails: D1012 past the time limit, D1011 past the depth limit.
    const jsonata = await loadJsonata();
    const options: jsonataType.JsonataOptions = { timeout: ctx.options.scriptTimeoutMs, stack: 500 };
    let expression: jsonataType.Expression;
    try {
      expression = jsonata(config.expression, options);
    } catch (error) {
      throw new NodeError(`invalid expression: ${describe(error).message}`, ErrorCode.SCRIPT_ERROR, { retryable: false });
    }
    const input = config.input === undefined ? ctx.scope : config.input;
    try {
      return { kind: "done", output: { result: toJson(await expression.evaluate(input)) } };
    } catch (error) {
      const { message, code } = describe(error);
      if (code === "D1012") throw new NodeError(`the expression ran longer than ${options.timeout} ms`, ErrorCode.TIMEOUT);
      throw new NodeError(message, ErrorCode.SCRIPT_ERROR, { retryable: false });
    }
  },
});
