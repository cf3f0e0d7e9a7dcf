/** `map`: `mapping` (templates over `{{loop.item}}`, `{{loop.index}}`...) resolved for each item of `input`. */
import { z } from "zod";
import { defineHandler } from "./types";
import { inputArray, itemBindings } from "./item-bindings";

const configSchema = z.object({
  input: z.unknown().describe("The list to go through, e.g. {{fetch.data.items}}"),
  mapping: z.unknown().describe("The new value of each item, evaluated per item: {{loop.item}}, {{loop.index}}"),
});
export type MapConfig = z.infer<typeof configSchema>;

export const mapHandler = defineHandler<MapConfig>({
  pure: true,
  type: "map",
  label: "Map",
  keywords: ["transform each", "each item", "convert"],
  description: "Turn each item of a list into a new value using {{loop.item}}",
  category: "data",
  configSchema,
  deferredFields: ["mapping"],
  handles: () => ["source"],
  async execute(config, ctx) {
    const items = inputArray(config.input, "map");
    const result = items.map((item, index) => ctx.resolve(config.mapping, itemBindings(item, index, items.length)));
    return { kind: "done", output: { result } };
  },
});
