/** `human_input`: pauses the run until someone submits input matching `expectedSchema` (spec sections 3, 4, 7). */
import { z } from "zod";
import { durationSchema, parseDuration } from "../duration";
import { defineHandler } from "./types";
import { assertMatchesSchema, jsonSchemaField, promptText } from "./waitpoint-input";

const DEFAULT_TIMEOUT = "7d";

const configSchema = z.object({
  reason: promptText.describe("What you are asking for; shown with the form and in the email"),
  expectedSchema: jsonSchemaField.optional().describe("A JSON Schema the submitted input must match; any input when empty"),
  timeout: durationSchema.optional().describe('How long to wait for the input: milliseconds or a duration like "2h", "3d"; default 7d'),
});
export type HumanInputConfig = z.infer<typeof configSchema>;

export const humanInputHandler = defineHandler<HumanInputConfig>({
  type: "human_input",
  label: "Human input",
  keywords: ["form", "ask", "input", "question", "manual step"],
  description: "Pause until someone provides the input this step asks for",
  category: "human",
  configSchema,
  handles: () => ["source"],
  async execute(config) {
    return {
      kind: "pause",
      pause: {
        kind: "human_input",
        timeoutMs: parseDuration(config.timeout ?? DEFAULT_TIMEOUT)!,
        details: { reason: config.reason, expectedSchema: config.expectedSchema ?? null },
      },
    };
  },
  resume(config, input, waitpoint) {
    const userInput = input === undefined ? {} : input;
    if (config.expectedSchema) assertMatchesSchema(config.expectedSchema, userInput, "input");
    return {
      kind: "done",
      output: {
        userInput,
        resumedAt: new Date(waitpoint.resumedAt).toISOString(),
        pauseDuration: Math.max(0, waitpoint.resumedAt - waitpoint.openedAt),
      },
    };
  },
});
