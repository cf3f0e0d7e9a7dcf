/** `schedule`: entry node fired by a cron schedule; outputs `{ scheduledAt }`. */
import { Cron } from "croner";
import { z } from "zod";
import { defineHandler } from "./types";

function validCron(pattern: string): boolean {
  try {
    new Cron(pattern, { paused: true }).stop();
    return true;
  } catch {
    return false;
  }
}

function validTimezone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

const configSchema = z.object({
  cron: z
    .string()
    .refine(validCron, { message: 'not a cron expression (e.g. "0 9 * * 1-5")' })
    .describe('When to run, as a cron expression, e.g. "0 9 * * 1-5" (weekdays at 9:00)'),
  timezone: z
    .string()
    .refine(validTimezone, { message: 'not a known time zone (e.g. "Europe/Berlin")' })
    .optional()
    .describe("The schedule's time zone, e.g. Europe/Berlin; the server's time zone when empty"),
});

const payloadSchema = z.object({ scheduledAt: z.string() });

export const scheduleHandler = defineHandler({
  pure: true,
  type: "schedule",
  label: "Schedule",
  keywords: ["cron", "timer", "every", "daily", "recurring"],
  description: "Starts the run on a cron schedule; outputs when it was scheduled.",
  category: "trigger",
  entry: true,
  configSchema,
  handles: () => ["source"],
  async execute(_config, ctx) {
    const payload = payloadSchema.safeParse(ctx.triggerPayload);
    return { kind: "done", output: { scheduledAt: payload.success ? payload.data.scheduledAt : new Date().toISOString() } };
  },
});
