// zod shapes for what enters the run store. The engine's RunState stays opaque JSON here.
import { z } from "zod";
import { RUN_RUNTIMES, RUN_STATUSES, RUN_TRIGGERS, WAITPOINT_KINDS } from "../../db/schema";

/** A Date, or an ISO-8601 timestamp with an offset. */
export const Timestamp = z.union([z.date(), z.iso.datetime({ offset: true })]).transform((v) => new Date(v));

/** Present and not undefined: jsonb columns store JSON, never "nothing". */
export const JsonValue = z.unknown().refine((v) => v !== undefined, "is required (any JSON value)");

export const PathStep = z.strictObject({ container: z.string().min(1), index: z.number().int().min(0) });
export const InstancePath = z.array(PathStep);

export const RunId = z.string().regex(/^run_[A-Za-z0-9_-]+$/, 'must look like "run_<id>"');
export const WaitpointId = z.string().regex(/^wp_[A-Za-z0-9_-]+$/, 'must look like "wp_<id>"');

export const CreateRunInput = z
  .object({
    id: RunId,
    workflowId: z.string().min(1).nullish(),
    ownerId: z.string().min(1).nullish(),
    versionId: z.string().min(1).optional(),
    versionDefinition: JsonValue.optional(),
    inputs: z.record(z.string(), z.unknown()).default({}),
    trigger: z.enum(RUN_TRIGGERS),
    runtime: z.enum(RUN_RUNTIMES),
    status: z.enum(RUN_STATUSES).default("pending"),
    startedAt: Timestamp.optional(),
    triggerRunId: z.string().min(1).optional(),
    /** A child run (spec 4.1): who called it, and how deep. */
    parent: z.object({ runId: RunId, nodeId: z.string().min(1), depth: z.number().int().min(1) }).optional(),
    /** Inserted claimed by the execution that will run it: a run is never `running` without an owner. */
    lease: z.object({ owner: z.string().min(1), ttlMs: z.number().int().positive() }).optional(),
  })
  .refine((r) => r.status !== "running" || r.lease !== undefined || r.runtime === "cli", { message: "a running run is inserted with its lease", path: ["lease"] })
  .refine((r) => (r.versionId === undefined) !== (r.versionDefinition === undefined), {
    message: "give exactly one of versionId and versionDefinition",
    path: ["versionId"],
  });
export type CreateRunInput = z.input<typeof CreateRunInput>;

export const NodeRunInput = z.object({
  nodeId: z.string().min(1),
  path: InstancePath.default([]),
  status: z.string().min(1),
  attempts: z.number().int().min(0).default(0),
  input: z.unknown().optional(),
  output: z.unknown().optional(),
  error: z.unknown().optional(),
  errorRouted: z.boolean().default(false),
  startedAt: Timestamp.nullish(),
  finishedAt: Timestamp.nullish(),
  durationMs: z.number().int().min(0).nullish(),
  usage: z.unknown().optional(),
});
export type NodeRunInput = z.input<typeof NodeRunInput>;

export const RunEventInput = z.object({
  seq: z.number().int().min(0),
  type: z.string().min(1),
  payload: z.unknown().default({}),
  createdAt: Timestamp.optional(),
});
export type RunEventInput = z.input<typeof RunEventInput>;

export const CheckpointInput = z
  .object({
    /** The full RunState (a snapshot); without it, `journal` carries the change instead. */
    state: JsonValue.optional(),
    /** The engine's journal entries since the previous checkpoint (lib/engine/run/journal.ts), opaque here. */
    journal: z.array(z.unknown()).optional(),
    /** The seq of the last event this state reflects. */
    seq: z.number().int().min(0),
    nodeRuns: z.array(NodeRunInput).default([]),
    events: z.array(RunEventInput).default([]),
    /** Also move the run to this status (e.g. "running", "paused"). */
    status: z.enum(RUN_STATUSES).optional(),
    /**
     * With a snapshot: the waitpoints open in it. Rows are opened for new ones and open rows not
     * among them are closed (expired, or cancelled with the run), in the checkpoint's transaction.
     */
    waitpoints: z.lazy(() => z.array(OpenWaitpointInput)).optional(),
  })
  .superRefine((c, ctx) => {
    if (c.state === undefined && c.journal === undefined) ctx.addIssue({ code: "custom", path: ["state"], message: "is required (any JSON value) when there is no journal" });
    const seen = new Set<number>();
    c.events.forEach((e, i) => {
      if (seen.has(e.seq)) ctx.addIssue({ code: "custom", path: ["events", i, "seq"], message: `seq ${e.seq} appears twice` });
      if (e.seq > c.seq) ctx.addIssue({ code: "custom", path: ["events", i, "seq"], message: `seq ${e.seq} is after the checkpoint's seq ${c.seq}` });
      seen.add(e.seq);
    });
  });
export type CheckpointInput = z.input<typeof CheckpointInput>;

export const FinishRunInput = z.object({
  status: z.enum(["completed", "failed", "cancelled"]),
  outputs: z.unknown().optional(),
  error: z.unknown().optional(),
  result: z.unknown().optional(),
  finishedAt: Timestamp.optional(),
  durationMs: z.number().int().min(0).optional(),
});
export type FinishRunInput = z.input<typeof FinishRunInput>;

export const OpenWaitpointInput = z.object({
  id: WaitpointId,
  runId: RunId,
  nodeId: z.string().min(1),
  path: InstancePath.default([]),
  kind: z.enum(WAITPOINT_KINDS),
  details: z.unknown().optional(),
  expiresAt: Timestamp.nullish(),
  triggerTokenId: z.string().min(1).nullish(),
});
export type OpenWaitpointInput = z.input<typeof OpenWaitpointInput>;

export const CloseWaitpointInput = z.object({
  status: z.enum(["decided", "expired", "cancelled"]),
  decision: z.unknown().optional(),
  decidedBy: z.string().min(1).nullish(),
  decidedAt: Timestamp.optional(),
});
export type CloseWaitpointInput = z.input<typeof CloseWaitpointInput>;
