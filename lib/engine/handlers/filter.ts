/** `filter`: keeps the items of `input` whose `field` (evaluated per item with `{{loop.item}}`) matches. */
import { z } from "zod";
import { compare, operatorSchema } from "../operators";
import { defineHandler } from "./types";
import { inputArray, itemBindings } from "./item-bindings";

const configSchema = z.object({
  input: z.unknown().describe("The list to filter, e.g. {{fetch.data.items}}"),
  field: z.unknown().describe("What to test, evaluated per item, e.g. {{loop.item.status}}"),
  operator: operatorSchema.describe("How to compare field with value"),
  value: z.unknown().optional().describe("What to compare with, evaluated per item; not needed for isEmpty, isNotEmpty"),
});
export type FilterConfig = z.infer<typeof configSchema>;

export const filterHandler = defineHandler<FilterConfig>({
  pure: true,
  type: "filter",
  label: "Filter",
  keywords: ["where", "select", "keep", "remove"],
  description: "Keep the items of a list that match a condition on {{loop.item}}",
  category: "data",
  configSchema,
  deferredFields: ["field", "value"],
  handles: () => ["source"],
  async execute(config, ctx) {
    const items = inputArray(config.input, "filter");
    const result = items.filter((item, index) => {
      const bindings = itemBindings(item, index, items.length);
      return compare(ctx.resolve(config.field, bindings), config.operator, ctx.resolve(config.value, bindings));
    });
    return { kind: "done", output: { result } };
  },
});
