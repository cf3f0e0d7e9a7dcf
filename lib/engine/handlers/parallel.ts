/** `parallel` container (spec section 3): branches over a count or a collection, run concurrently. */
import { z } from "zod";
import { ErrorCode, NodeError } from "../errors";
import { defineHandler, type IterationPlan } from "./types";

const intSchema = (min: number) => z.preprocess((v) => (typeof v === "string" && v.trim() !== "" ? Number(v) : v), z.number().int().min(min));

const configSchema = z.discriminatedUnion("mode", [
  z.object({
    mode: z.literal("count").describe("Run a number of branches"),
    count: intSchema(0).describe("How many branches to run; {{parallel.currentItem}} is the branch's index"),
    maxConcurrency: intSchema(1).optional().describe("The most branches running at once; default 10"),
  }),
  z.object({
    mode: z.literal("collection").describe("Run one branch per item of items"),
    items: z
      .array(z.unknown(), { message: "items must be an array" })
      .describe("The list to fan out, e.g. {{fetch.data.items}}; each is {{parallel.currentItem}}"),
    maxConcurrency: intSchema(1).optional().describe("The most branches running at once; default 10"),
  }),
]);
type ParallelConfig = z.infer<typeof configSchema>;

export const parallelHandler = defineHandler<ParallelConfig>({
  pure: true,
  type: "parallel",
  label: "Parallel",
  keywords: ["fan out", "concurrent", "branches", "join", "merge"],
  description: "Runs the nodes inside it as concurrent branches, one per item or a number of times.",
  category: "container",
  configSchema: configSchema as z.ZodType<ParallelConfig>,
  handles: () => ["source"],
  async execute() {
    throw new NodeError("a parallel is run by the scheduler, not executed", ErrorCode.VALIDATION_ERROR);
  },
  container: {
    binding: "parallel",
    plan(config): IterationPlan {
      const items = config.mode === "collection" ? config.items : null;
      const total = items ? items.length : config.mode === "count" ? config.count : 0;
      return { items, total, maxIterations: null, concurrency: config.maxConcurrency ?? 10 };
    },
    bindings(plan, index) {
      return {
        index,
        branchId: `branch_${index}`,
        currentItem: plan.items ? plan.items[index] : index,
        totalBranches: plan.total,
      };
    },
    output: (results) => ({ results }),
    failureMessage: (index, message) => `branch ${index} failed: ${message}`,
  },
});
