/**
 * The REST API's request and response shapes (docs/runs-api.md), as zod: the routes parse their
 * bodies with these, and /api/openapi.json is generated from the same objects (./openapi.ts), so
 * the published document can't drift from what the routes accept. Component names are given
 * where the document is built: a `.meta({ id })` here would register ids in zod's global registry
 * at import, once per bundle that imports this file.
 */
import { z } from "zod";
import { AUDIT_ACTION_IDS, AUDIT_OBJECT_TYPES } from "@/lib/audit/actions";
import { RUN_STATUSES } from "@/lib/db/schema";
import { revisionField, savedDefinitionSchema } from "@/lib/workflows/definition-schema";
import { workflowNameField } from "@/lib/workflows/names";

// Requests -------------------------------------------------------------------------------------

export { createWorkflowSchema } from "@/lib/workflows/names";

/** PATCH /api/workflows/:id: a rename, a new definition, or both; `revision` makes the write conditional, and is required with a definition. */
export const patchWorkflowSchema = z
  .object({ name: workflowNameField.optional(), definition: savedDefinitionSchema.optional(), revision: revisionField.optional() })
  .refine((b) => b.name !== undefined || b.definition !== undefined, { error: "send name, definition or both" })
  .refine((b) => b.definition === undefined || b.revision !== undefined, { error: "a definition needs the revision it was based on (GET returns it)", path: ["revision"] })
  ;

export const startRunSchema = z.strictObject({ inputs: z.record(z.string(), z.unknown()).default({}).meta({ description: "The run inputs, checked against the workflow's inputs schema" }) });

export const rerunSchema = z.strictObject({ fromFailed: z.boolean().default(false).meta({ description: "Reuse the outputs of the nodes that completed in the failed run" }) });

export const resumeSchema = z
  .strictObject({ nodeId: z.string().min(1).optional(), waitpointId: z.string().min(1).optional(), input: z.unknown().optional() })
  .refine((b) => (b.nodeId === undefined) !== (b.waitpointId === undefined), { message: "give exactly one of nodeId and waitpointId", path: ["nodeId"] })
  ;

export const waitQuerySchema = z.object({ wait: z.enum(["true", "false"]).optional().meta({ description: "true: answer with the run result once the run ends or pauses (202 after 30 s)" }) });

// Responses ------------------------------------------------------------------------------------

export const errorSchema = z
  .object({ error: z.string(), issues: z.array(z.object({ path: z.string(), message: z.string() })).optional() })
  .meta({ description: "What was refused and why; `issues` name the fields" });

const timestamp = z.string().meta({ format: "date-time" });

export const workflowSummarySchema = z.object({ id: z.string(), name: z.string(), createdAt: timestamp, updatedAt: timestamp });
export const workflowListItemSchema = workflowSummarySchema.extend({ inputs: z.unknown().meta({ description: "JSON Schema of the run inputs, or null" }) });
export const workflowDetailSchema = workflowSummarySchema.extend({ definition: z.unknown().meta({ description: "The workflow definition (docs/spec)" }), revision: z.number().int() });

export const runAcceptedSchema = z.object({ runId: z.string(), status: z.string(), url: z.string().optional() });

const nodeResultSchema = z.looseObject({
  status: z.string(),
  output: z.unknown().optional(),
  error: z.looseObject({ code: z.string(), message: z.string() }).optional(),
  attempts: z.number().int(),
  startedAt: timestamp.optional(),
  durationMs: z.number().optional(),
});

export const runResultSchema = z
  .looseObject({
    runId: z.string(),
    status: z.enum(RUN_STATUSES),
    outputs: z.record(z.string(), z.unknown()),
    error: z.object({ message: z.string(), nodeId: z.string() }).optional(),
    nodes: z.record(z.string(), nodeResultSchema),
    waiting: z.array(z.looseObject({ id: z.string(), nodeId: z.string(), kind: z.string(), url: z.string().optional(), expiresAt: timestamp.optional() })).optional(),
    startedAt: timestamp,
    finishedAt: timestamp.optional(),
    durationMs: z.number(),
  })
  .meta({ description: "The run result (spec section 6); secret values masked" });

export const auditEventSchema = z
  .object({
    id: z.number().int(),
    at: timestamp,
    actorKind: z.enum(["user", "api_key", "approval_link"]),
    actorLabel: z.string(),
    action: z.enum(AUDIT_ACTION_IDS as [string, ...string[]]),
    objectType: z.enum(AUDIT_OBJECT_TYPES),
    objectId: z.string(),
    objectLabel: z.string().nullable(),
    workflowId: z.string().nullable(),
    workflowName: z.string().nullable(),
    address: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()).nullable(),
  })
  ;

export const healthSchema = z.object({ ok: z.boolean(), db: z.enum(["pglite", "postgres"]).optional(), runtime: z.enum(["embedded", "trigger.dev"]), error: z.string().optional() });

export const triggerTokenSchema = z.object({ runId: z.string(), triggerRunId: z.string(), publicAccessToken: z.string(), apiUrl: z.string().nullable(), expiresIn: z.string().meta({ description: "How long the token lasts, like 1h" }) });
