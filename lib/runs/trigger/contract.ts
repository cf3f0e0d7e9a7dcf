/**
 * What the Trigger.dev tasks, the app and the run panel agree on: task ids, payloads, the token
 * output an approval completes a waitpoint with, the run metadata and the LLM stream. No SDK
 * imports here: client components may `import type` from this file.
 */
import { z } from "zod";
import type { NodeTask, NodeTaskResult } from "../../engine";

export const EXECUTE_WORKFLOW_TASK = "execute-workflow";
export const EXECUTE_NODE_TASK = "execute-node";
/** The realtime stream (on the root run) carrying LLM text: one chunk per piece of text. */
export const LLM_STREAM_ID = "llm";

export const executeWorkflowPayload = z.object({
  runId: z.string().min(1),
  /** Which entry fired and with what payload (webhooks); by default the run row's trigger kind. */
  trigger: z.object({ kind: z.string(), nodeId: z.string().optional(), payload: z.unknown().optional() }).optional(),
});
export type ExecuteWorkflowPayload = z.infer<typeof executeWorkflowPayload>;

const pathStep = z.object({ container: z.string(), index: z.number().int() });
/** One node attempt as it crosses to a child run: NodeTask with every secret value sealed (./sealed.ts). */
export const executeNodePayload = z.object({
  task: z.object({
    runId: z.string(),
    key: z.object({ nodeId: z.string(), path: z.array(pathStep) }),
    nodeId: z.string(),
    type: z.string(),
    name: z.string().optional(),
    attempt: z.number().int(),
    // With runId and attempt, the idempotency key of what the node sends (http) and starts (child runs).
    instance: z.string().min(1),
    attemptStartedAt: z.number(),
    config: z.unknown(),
    scope: z.record(z.string(), z.unknown()),
    triggerPayload: z.unknown(),
    timeoutMs: z.number().optional(),
    delayMs: z.number(),
    // A node sent back by its waitpoint's answer: its carry (an agent's conversation), and the waitpoint.
    resumed: z.record(z.string(), z.unknown()).optional(),
    resumedFrom: z.string().optional(),
  }),
});
/** The child reads the run's secrets from the app's database by `task.runId`. */
export type ExecuteNodePayload = { task: NodeTask };
export type ExecuteNodeOutput = NodeTaskResult;

/** What the approval page completes a run's wait token with (after its own checks). */
export const tokenDecision = z.object({
  waitpointId: z.string().min(1),
  input: z.unknown(),
  decidedBy: z.string().optional(),
});
export type TokenDecision = z.infer<typeof tokenDecision>;

/** One chunk of the LLM stream: which node instance, and the text. */
export interface LlmStreamChunk {
  nodeId: string;
  path: { container: string; index: number }[];
  text: string;
}

/** Run metadata published by execute-workflow (`metadata.progress`), kept well under 256 KB. */
export interface RunProgress {
  runId: string;
  status: "running" | "paused" | "completed" | "failed" | "cancelled";
  /** Waves (batchTriggerAndWait calls) so far in this task run. */
  wave: number;
  /** Node instances by status, every path included. */
  counts: Record<string, number>;
  /** Status of each top-level node (node id -> status); omitted when it would not fit. */
  nodes?: Record<string, string>;
  /** Open waitpoints (what a person has to answer). */
  waiting: { waitpointId: string; nodeId: string; kind: string }[];
  error?: { message: string; nodeId: string };
}
