/** `trigger`: the entry node of manual, API and command-line runs; its output is the run inputs. */
import { z } from "zod";
import { defineHandler } from "./types";

export const triggerHandler = defineHandler({
  pure: true,
  type: "trigger",
  label: "Manual trigger",
  keywords: ["start", "manual", "run", "button"],
  description: "Starts the run by hand, from the API or the command line; outputs the run inputs.",
  category: "trigger",
  entry: true,
  configSchema: z.looseObject({}),
  handles: () => ["source"],
  async execute(_config, ctx) {
    return { kind: "done", output: ctx.triggerPayload ?? {} };
  },
});
