/**
 * `workflow`: runs another workflow as a child run (spec 4.1). The host (ctx.options.workflows)
 * finds the child, checks the call depth and the inputs, and runs it; this handler only turns
 * how the child ended into the node's output or error. A failed or cancelled child is
 * CHILD_FAILED (routable, never retried: the child already did its work).
 */
import { z } from "zod";
import { ErrorCode, NodeError } from "../errors";
import { defineHandler, type ChildRunOutcome, type ExecuteResult } from "./types";

/** The top-level run is depth 0; a node that would start a child deeper than this fails with DEPTH_LIMIT. */
export const MAX_CALL_DEPTH = 10;

const configSchema = z.object({
  workflow: z
    .string()
    .trim()
    .min(1, "names the workflow to run")
    .describe("The workflow to run: its id in the app, its file's path on the command line"),
  inputs: z.record(z.string(), z.unknown()).optional().describe("The child run's inputs by name, checked against its inputs schema first"),
  wait: z.boolean().optional().describe("Wait for the child run to end (default); off: go on once it has started"),
});
export type WorkflowConfig = z.infer<typeof configSchema>;

export const workflowHandler = defineHandler<WorkflowConfig>({
  type: "workflow",
  label: "Workflow",
  keywords: ["sub-workflow", "subworkflow", "call", "child", "nested"],
  description: "Run another workflow with inputs and use its outputs",
  category: "logic",
  configSchema,
  handles: () => ["source"],
  async execute(config, ctx) {
    const host = ctx.options.workflows;
    if (!host) throw new NodeError("this runtime can't start child runs (no sub-workflow host was given)", ErrorCode.VALIDATION_ERROR, { retryable: false });
    const wait = config.wait ?? true;
    const child = await host.run({
      workflow: config.workflow,
      inputs: config.inputs ?? {},
      wait,
      parent: { runId: ctx.runId, nodeId: ctx.node.id, instance: ctx.instance, attempt: ctx.attempt },
      signal: ctx.signal,
    });
    if (child.status === "running") {
      // The host answers this waitpoint when the child ends: the run may pause meanwhile (spec 4.1).
      return { kind: "pause", pause: { kind: "workflow", timeoutMs: CHILD_WAIT_LIMIT_MS, details: { childRunId: child.runId, workflow: config.workflow } } };
    }
    return outcomeResult(config, child);
  },
  resume(config, input) {
    const parsed = childEndSchema.safeParse(input);
    if (!parsed.success) throw new NodeError("a workflow node is answered by its child run's end ({ runId, status, outputs, error? })", ErrorCode.VALIDATION_ERROR);
    return outcomeResult(config, parsed.data);
  },
});

/** How long a parent waits for a child (a child waiting for people can take days); then the node fails with TIMEOUT. */
export const CHILD_WAIT_LIMIT_MS = 30 * 24 * 60 * 60 * 1000;

/** What the host records when a child ends: the answer of its parent's `workflow` waitpoint. */
export const childEndSchema = z.object({
  runId: z.string(),
  status: z.enum(["completed", "failed", "cancelled"]),
  outputs: z.record(z.string(), z.unknown()).default({}),
  error: z.object({ message: z.string(), code: z.string().optional() }).optional(),
});
export type ChildEnd = z.infer<typeof childEndSchema>;

function outcomeResult(config: WorkflowConfig, child: ChildRunOutcome): ExecuteResult {
  switch (child.status) {
    case "completed":
      return { kind: "done", output: { runId: child.runId, status: "completed", outputs: child.outputs } };
    case "started":
      return { kind: "done", output: { runId: child.runId, status: "started", outputs: {} } };
    case "paused":
      throw new NodeError(`child run ${child.runId} of ${config.workflow} paused for input, and nothing here can wait for it; it was cancelled`, ErrorCode.CHILD_PAUSED, { retryable: false });
    case "cancelled":
      throw new NodeError(`child run ${child.runId} of ${config.workflow} was cancelled`, ErrorCode.CHILD_FAILED, { retryable: false });
    case "failed":
    case "running":
      // The child's code leads its message: a DEPTH_LIMIT deep down stays visible at the top.
      throw new NodeError(`child run ${child.runId} of ${config.workflow} failed: ${child.error?.code ? `${child.error.code}: ` : ""}${child.error?.message ?? "no message"}`, ErrorCode.CHILD_FAILED, { retryable: false });
  }
}
