/** `variable`: sets the workflow variable `{{var.<name>}}`. */
import { z } from "zod";
import { defineHandler } from "./types";

const configSchema = z.object({
  name: z.string().regex(/^[A-Za-z_$][A-Za-z0-9_$]{0,63}$/, "a variable name is letters, digits, _ or $ (not starting with a digit)").describe("The variable's name, read later as {{var.name}}; letters, digits, _ or $"),
  value: z.unknown().describe("The value to store, e.g. {{fetch.data.count}} or any JSON value"),
});
export type VariableConfig = z.infer<typeof configSchema>;

export const variableHandler = defineHandler<VariableConfig>({
  pure: true,
  type: "variable",
  label: "Set variable",
  keywords: ["set", "store", "counter", "state"],
  description: "Set a workflow variable, readable as {{var.name}}",
  category: "data",
  configSchema,
  handles: () => ["source"],
  async execute(config) {
    const value = config.value === undefined ? null : config.value;
    return { kind: "done", output: { name: config.name, value }, variables: { [config.name]: value } };
  },
});
