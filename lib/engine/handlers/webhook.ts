/** `webhook`: entry node fired by an HTTP request; outputs `{ body, headers, query }`. */
import { z } from "zod";
import { defineHandler } from "./types";

const requestSchema = z.object({
  body: z.unknown().optional(),
  headers: z.record(z.string(), z.unknown()).optional(),
  query: z.record(z.string(), z.unknown()).optional(),
});

export const webhookHandler = defineHandler({
  type: "webhook",
  label: "Webhook",
  description: "Starts the run when its URL receives a request; outputs the request body, headers and query.",
  category: "trigger",
  entry: true,
  configSchema: z.looseObject({}),
  handles: () => ["source"],
  async execute(_config, ctx) {
    const parsed = requestSchema.safeParse(ctx.triggerPayload ?? {});
    const request = parsed.success ? parsed.data : {};
    return { kind: "done", output: { body: request.body ?? null, headers: request.headers ?? {}, query: request.query ?? {} } };
  },
});
