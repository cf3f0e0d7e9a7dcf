/** `loop` container (spec section 3): forEach, count or while; iterations run one after another. */
import { z } from "zod";
import { ErrorCode, NodeError } from "../errors";
import { compare, comparisonSchema, isTruthy } from "../operators";
import { defineHandler, type IterationPlan } from "./types";

const countSchema = z.preprocess((v) => (typeof v === "string" && v.trim() !== "" ? Number(v) : v), z.number().int().min(0));

const configSchema = z.discriminatedUnion("mode", [
  z.object({
    mode: z.literal("forEach").describe("Run the body once per item of items"),
    items: z.array(z.unknown(), { message: "items must be an array" }).describe("The list to go through, e.g. {{fetch.data.items}}; each is {{loop.item}}"),
  }),
  z.object({
    mode: z.literal("count").describe("Run the body a number of times"),
    count: countSchema.describe("How many times to run the body; {{loop.index}} counts from 0"),
  }),
  z.object({
    mode: z.literal("while").describe("Run the body while a condition holds"),
    /** A template whose truthiness counts, or `{ field, operator, value }`; resolved before each iteration. */
    condition: z
      .union([z.string(), z.boolean(), comparisonSchema])
      .describe("Checked before each iteration: a template like {{var.more}} or { field, operator, value }"),
    maxIterations: countSchema.optional().describe("Stop after this many iterations (default 100), ending the loop normally"),
  }),
]);
type LoopConfig = z.infer<typeof configSchema>;

export const loopHandler = defineHandler<LoopConfig>({
  pure: true,
  type: "loop",
  label: "Loop",
  keywords: ["for each", "foreach", "iterate", "repeat", "while"],
  description: "Runs the nodes inside it once per item, a number of times, or while a condition holds.",
  category: "container",
  configSchema: configSchema as z.ZodType<LoopConfig>,
  deferredFields: ["condition"],
  handles: () => ["source"],
  async execute() {
    throw new NodeError("a loop is run by the scheduler, not executed", ErrorCode.VALIDATION_ERROR);
  },
  container: {
    binding: "loop",
    plan(config): IterationPlan {
      if (config.mode === "forEach") return { items: config.items, total: config.items.length, maxIterations: null, concurrency: 1 };
      if (config.mode === "count") return { items: null, total: config.count, maxIterations: null, concurrency: 1 };
      return { items: null, total: null, maxIterations: config.maxIterations ?? 100, concurrency: 1 };
    },
    bindings(plan, index) {
      const item = plan.items ? plan.items[index] : plan.total === null ? null : index;
      return {
        index,
        iteration: index + 1,
        item,
        total: plan.total,
        isFirst: index === 0,
        isLast: plan.total !== null && index === plan.total - 1,
      };
    },
    shouldContinue(config, resolve) {
      if (config.mode !== "while") return true;
      const condition = config.condition;
      if (typeof condition === "object" && condition !== null) {
        const c = comparisonSchema.parse(condition);
        return compare(resolve(c.field), c.operator, resolve(c.value));
      }
      return isTruthy(resolve(condition));
    },
    output: (results, count) => ({ results, count }),
    failureMessage: (index, message) => `iteration ${index} failed: ${message}`,
  },
});
