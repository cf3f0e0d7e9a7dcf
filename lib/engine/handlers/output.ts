/** `output`: a run output, named by `name` (the core reads the name from the config). */
import { z } from "zod";
import { defineHandler } from "./types";

const configSchema = z.object({
  name: z.string().optional().describe("The run output's name; the node's id when empty"),
  value: z.unknown().describe("The value to return, e.g. {{summarize.text}}"),
});
export type OutputConfig = z.infer<typeof configSchema>;

export const outputHandler = defineHandler<OutputConfig>({
  pure: true,
  type: "output",
  label: "Output",
  keywords: ["return", "result", "response"],
  description: "Return a value as a named output of the run",
  category: "data",
  configSchema,
  handles: () => ["source"],
  async execute(config) {
    return { kind: "done", output: { value: config.value === undefined ? null : config.value } };
  },
});
