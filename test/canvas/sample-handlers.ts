/**
 * Stand-ins for the engine's core handlers with the spec's config shapes
 * (section 4), for the catalog tests and the canvas preview until
 * lib/engine/handlers/index.ts exports `coreHandlers`.
 */
import { z } from "zod";
import type { AnyNodeHandler, HandlerCategory } from "@/lib/engine/handlers/types";
import { comparisonSchema, operatorSchema } from "@/lib/engine/operators";

const duration = z.union([z.number(), z.string()]);

function handler(
  type: string,
  label: string,
  category: HandlerCategory,
  description: string,
  configSchema: z.ZodType,
  extra: Partial<AnyNodeHandler> = {},
): AnyNodeHandler {
  return {
    type,
    label,
    category,
    description,
    configSchema,
    handles: () => ["source"],
    execute: async () => ({ kind: "done", output: null }),
    ...extra,
  };
}

export const sampleHandlers: AnyNodeHandler[] = [
  handler("trigger", "Manual trigger", "trigger", "Starts a run by hand, from the API or the CLI.", z.object({}), { entry: true }),
  handler("webhook", "Webhook", "trigger", "Starts a run when a request arrives.", z.object({}), { entry: true }),
  handler("schedule", "Schedule", "trigger", "Starts runs on a cron schedule.", z.object({ cron: z.string(), timezone: z.string().optional() }), { entry: true }),
  handler("http", "HTTP request", "action", "Calls a URL and returns status, headers and data.",
    z.object({
      method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]).default("GET"),
      url: z.string(),
      headers: z.record(z.string(), z.string()).optional(),
      query: z.record(z.string(), z.string()).optional(),
      body: z.unknown().optional(),
      timeoutMs: duration.optional(),
    })),
  handler("jsonata", "JSONata", "data", "Transforms data with a JSONata expression.", z.object({ expression: z.string(), input: z.unknown().optional() }), { rawFields: ["expression"] }),
  handler("javascript", "JavaScript", "data", "Runs a sandboxed function body.", z.object({ code: z.string(), input: z.unknown().optional() }), { rawFields: ["code"] }),
  handler("map", "Map", "data", "Maps every item of a list.", z.object({ input: z.unknown(), mapping: z.unknown() }), { deferredFields: ["mapping"] }),
  handler("filter", "Filter", "data", "Keeps the items that match.", z.object({ input: z.unknown(), field: z.unknown(), operator: operatorSchema, value: z.unknown().optional() }), { deferredFields: ["field"] }),
  handler("condition", "Condition", "logic", "Branches on true or false.", z.union([z.object({ condition: z.unknown() }), comparisonSchema]), { handles: () => ["true", "false"] }),
  handler("router", "Router", "logic", "Sends the run down the first matching route.",
    z.object({ routes: z.array(z.object({ name: z.string(), field: z.unknown(), operator: operatorSchema, value: z.unknown().optional() })), defaultRoute: z.string().optional() }),
    { handles: (c) => [...((c as { routes: { name: string }[] }).routes.map((r) => r.name)), (c as { defaultRoute?: string }).defaultRoute ?? "default"] }),
  handler("variable", "Set variable", "data", "Sets a workflow variable.", z.object({ name: z.string(), value: z.unknown() })),
  handler("delay", "Delay", "logic", "Waits before going on.", z.object({ ms: duration })),
  handler("fail", "Fail", "logic", "Fails the run with a message.", z.object({ message: z.string(), code: z.string().optional() })),
  handler("output", "Output", "data", "Records a run output.", z.object({ name: z.string().optional(), value: z.unknown() })),
  handler("llm", "LLM", "ai", "Calls a language model; tokens stream live.",
    z.object({ model: z.string(), messages: z.array(z.object({ role: z.enum(["system", "user", "assistant"]), content: z.string() })), temperature: z.number().optional(), maxTokens: z.number().int().optional() })),
  handler("approval", "Approval", "human", "Pauses until someone approves or rejects.",
    z.object({ message: z.string(), approvers: z.array(z.string()).optional(), timeout: duration.optional(), fields: z.unknown().optional() }),
    { handles: () => ["approved", "rejected"] }),
  handler("human_input", "Human input", "human", "Pauses until someone submits input.", z.object({ reason: z.string(), expectedSchema: z.unknown().optional(), timeout: duration.optional() })),
  handler("loop", "Loop", "container", "Runs its body for each item, n times, or while a condition holds.",
    z.discriminatedUnion("mode", [
      z.object({ mode: z.literal("forEach"), items: z.unknown() }),
      z.object({ mode: z.literal("count"), count: z.number().int().min(0) }),
      z.object({ mode: z.literal("while"), condition: z.unknown(), maxIterations: z.number().int().optional() }),
    ])),
  handler("parallel", "Parallel", "container", "Runs its body as concurrent branches.",
    z.discriminatedUnion("mode", [
      z.object({ mode: z.literal("count"), count: z.number().int().min(1), maxConcurrency: z.number().int().optional() }),
      z.object({ mode: z.literal("collection"), items: z.unknown(), maxConcurrency: z.number().int().optional() }),
    ])),
];
