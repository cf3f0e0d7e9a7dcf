/** The workflow definition of spec section 1: zod schemas, reserved ids and the id rule. */
import { z } from "zod";
import { durationSchema, parseDuration } from "./duration";

export const nodeIdPattern = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** Template roots; none of them can be a node id. */
export const reservedIds = ["inputs", "var", "env", "loop", "parallel", "run", "secrets"] as const;
const reserved = new Set<string>(reservedIds);
export const isReservedId = (id: string) => reserved.has(id);

const nodeIdSchema = z
  .string()
  .regex(nodeIdPattern, { message: "must start with a letter or _ and hold only letters, digits and _ (at most 64)" })
  .refine((id) => !reserved.has(id), { message: `is reserved (${reservedIds.join(", ")} can't be node ids)` });

export const retrySchema = z.object({
  maxAttempts: z.number().int().min(1).max(100),
  backoffMs: z.number().int().min(0).max(3_600_000).default(500),
});

export const nodeSchema = z.looseObject({
  id: nodeIdSchema,
  type: z.string().min(1),
  name: z.string().optional(),
  config: z.record(z.string(), z.unknown()).default({}),
  position: z.object({ x: z.number(), y: z.number() }).optional(),
  parentId: z.string().min(1).nullish(),
  errorPort: z.boolean().optional(),
  retry: retrySchema.optional(),
  timeoutMs: durationSchema.optional().transform((v) => (v === undefined ? undefined : parseDuration(v))),
});

export const edgeSchema = z.looseObject({
  id: z.string().min(1),
  source: z.string().min(1),
  target: z.string().min(1),
  sourceHandle: z.string().nullish(),
  targetHandle: z.string().nullish(),
});

/** The outer shape; nodes and edges are validated one by one so every problem is reported. */
export const definitionShellSchema = z.looseObject({
  version: z.literal(1),
  name: z.string().optional(),
  description: z.string().optional(),
  inputs: z.record(z.string(), z.unknown()).optional(),
  variables: z.record(z.string(), z.unknown()).optional(),
  nodes: z.array(z.unknown()),
  edges: z.array(z.unknown()).default([]),
});

export type NodeDefinition = z.infer<typeof nodeSchema>;
export type EdgeDefinition = z.infer<typeof edgeSchema>;

export interface WorkflowDefinition {
  version: 1;
  name?: string;
  description?: string;
  inputs?: Record<string, unknown>;
  variables?: Record<string, unknown>;
  nodes: NodeDefinition[];
  edges: EdgeDefinition[];
}
