/**
 * `approval`: pauses the run until someone approves or rejects (spec sections
 * 3, 4, 7). Selects the `approved` or `rejected` handle.
 */
import { z } from "zod";
import { durationSchema, parseDuration } from "../duration";
import { defineHandler } from "./types";
import { assertMatchesSchema, jsonSchemaField, promptText, refuse, zodProblems } from "./waitpoint-input";

const DEFAULT_TIMEOUT = "7d";

/** A role of the run's workspace ("role:admin": any admin or owner); the app resolves it (its approvals inbox). */
const ROLE_APPROVER = /^role:(owner|admin|editor|runner)$/;

/** Approvers may come from a template as a list or one comma-separated string. */
const approversSchema = z.preprocess(
  (value) => (typeof value === "string" ? value.split(",").map((s) => s.trim()).filter(Boolean) : value === null ? [] : value),
  z.array(
    z
      .string()
      .trim()
      .refine((a) => ROLE_APPROVER.test(a) || z.email().safeParse(a).success, "an approver must be an email address or a role (role:owner, role:admin, role:editor, role:runner)")
      .meta({ examples: ["ana@example.com", "role:admin"] }),
  ),
);

const configSchema = z.object({
  message: promptText.describe("What the approvers decide on, e.g. Refund {{inputs.amount}} USD?"),
  approvers: approversSchema.optional().describe("Email addresses or workspace roles (role:admin) asked to decide, comma-separated; the run's owner when empty"),
  timeout: durationSchema.optional().describe('How long to wait for a decision: milliseconds or a duration like "2h", "3d"; default 7d'),
  fields: jsonSchemaField.optional().describe("A JSON Schema of extra input to ask for, e.g. a comment; checked on approval"),
  /** How many of the approvers must approve (the app counts the votes; one rejection rejects). */
  requiredApprovals: z
    .number()
    .int()
    .min(1, "requiredApprovals must be at least 1")
    .optional()
    .describe("How many of the approvers must approve (default 1); one rejection rejects"),
});
export type ApprovalConfig = z.infer<typeof configSchema>;

export const approvalDecisionSchema = z.object({
  decision: z.enum(["approved", "rejected"], { message: 'decision must be "approved" or "rejected"' }),
  input: z.record(z.string(), z.unknown(), { message: "input must be an object" }).optional(),
  by: z.string().max(320).optional(),
});

export const approvalHandler = defineHandler<ApprovalConfig>({
  type: "approval",
  label: "Approval",
  keywords: ["email", "approve", "sign off", "review", "human"],
  description: "Pause until someone approves or rejects (by link, API or CLI)",
  category: "human",
  configSchema,
  handles: () => ["approved", "rejected"],
  async execute(config) {
    return {
      kind: "pause",
      pause: {
        kind: "approval",
        timeoutMs: parseDuration(config.timeout ?? DEFAULT_TIMEOUT)!,
        details: { message: config.message, approvers: config.approvers ?? [], fields: config.fields ?? null, ...(config.requiredApprovals ? { requiredApprovals: config.requiredApprovals } : {}) },
      },
    };
  },
  resume(config, input, waitpoint) {
    const parsed = approvalDecisionSchema.safeParse(input);
    if (!parsed.success) throw refuse(`approval decision is invalid: ${zodProblems(parsed.error)}`);
    const { decision, by } = parsed.data;
    const fields = parsed.data.input ?? {};
    if (decision === "approved" && config.fields) assertMatchesSchema(config.fields, fields, "approval input");
    return {
      kind: "done",
      output: { decision, input: fields, decidedBy: by ?? null, decidedAt: new Date(waitpoint.resumedAt).toISOString() },
      handle: decision,
    };
  },
});
