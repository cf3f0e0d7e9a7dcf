/** `webhook`: entry node fired by an HTTP request; outputs `{ body, headers, query }`. */
import { z } from "zod";
import { defineHandler } from "./types";

const requestSchema = z.object({
  body: z.unknown().optional(),
  headers: z.record(z.string(), z.unknown()).optional(),
  query: z.record(z.string(), z.unknown()).optional(),
});

/**
 * Project addition: what the webhook URL answers, at once (the run goes on). `body` may use
 * {{run.id}} and {{request.body…}}, {{request.query…}}, {{request.headers…}}; it is resolved by
 * the route, not the engine (a raw field), so the build doesn't read those as node references.
 */
export const webhookResponseSchema = z.strictObject({
  status: z.number().int().min(200).max(299).optional().describe("The HTTP status to answer, 200–299; default 202"),
  body: z.unknown().optional().describe('What to answer, e.g. { "id": "{{run.id}}" }; default { runId, status }'),
});
export type WebhookResponse = z.output<typeof webhookResponseSchema>;

export const webhookHandler = defineHandler({
  pure: true,
  type: "webhook",
  label: "Webhook",
  keywords: ["http in", "endpoint", "incoming", "callback", "url"],
  description: "Starts the run when its URL receives a request; outputs the request body, headers and query.",
  category: "trigger",
  entry: true,
  configSchema: z.looseObject({
    response: webhookResponseSchema.optional().describe("What the URL answers at once, { status?, body? }; default 202 with the run's id"),
  }),
  rawFields: ["response"],
  handles: () => ["source"],
  async execute(_config, ctx) {
    const parsed = requestSchema.safeParse(ctx.triggerPayload ?? {});
    const request = parsed.success ? parsed.data : {};
    return { kind: "done", output: { body: request.body ?? null, headers: request.headers ?? {}, query: request.query ?? {} } };
  },
});
