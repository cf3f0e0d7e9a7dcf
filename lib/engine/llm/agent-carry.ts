/**
 * An agent that waits for people inside a workflow tool (issue 17): when a tool call's child run
 * pauses (an approval in it), the agent's node pauses on a `workflow` waitpoint naming that child,
 * the same kind a `workflow` node opens, so the host answers it when the child ends (embedded and
 * on Trigger.dev, after a restart too). The waitpoint keeps the conversation; its answer sends the
 * node back to run with it (ContinueResult), and the loop goes on from the next model call. Calls
 * that waited together are settled one by one: each resume looks at the others again.
 * This file has no AI SDK import: the handler's synchronous `resume` uses it (./agent-waits.ts
 * settles the calls, loaded with the rest of the agent).
 */
import { z } from "zod";
import { ErrorCode, NodeError } from "../errors";
import { CHILD_WAIT_LIMIT_MS, childEndSchema } from "../handlers/workflow";
import type { ContinueResult, ExecuteContext, ExecuteResult, WaitpointInfo } from "../handlers/types";
import type { AgentConversation, WaitingCall } from "./agent-loop";

/** What a waiting agent keeps in its waitpoint, and gets back as `ctx.resumed` with the answer. */
const carrySchema = z.object({
  conversation: z.custom<AgentConversation>((v) => !!v && typeof v === "object" && Array.isArray((v as { messages?: unknown }).messages)),
  calls: z.array(z.object({ toolCallId: z.string(), tool: z.string(), runId: z.string(), workflow: z.string() })),
  answered: childEndSchema.optional(),
});
export type AgentCarry = z.infer<typeof carrySchema>;

/** The pause for the first waiting call; the others ride along in the waitpoint. */
export function pauseOn(conversation: AgentConversation, calls: WaitingCall[]): ExecuteResult {
  const [first] = calls;
  const agent: AgentCarry = { conversation, calls };
  // childRunIds: every child it waits for, so cancelling the run cancels them all (lib/runs/subworkflows.ts).
  const details = { childRunId: first!.runId, childRunIds: calls.map((c) => c.runId), workflow: first!.workflow, tool: first!.tool, agent };
  return { kind: "pause", pause: { kind: "workflow", timeoutMs: CHILD_WAIT_LIMIT_MS, details } };
}

/** The agent's `resume`: the child's end goes back to the node with the conversation. */
export function continueWith(input: unknown, waitpoint: WaitpointInfo): ContinueResult {
  const end = childEndSchema.safeParse(input);
  if (!end.success) throw new NodeError("an agent waiting for a workflow tool is answered by the child run's end ({ runId, status, outputs, error? })", ErrorCode.VALIDATION_ERROR);
  const carry = carrySchema.safeParse(waitpoint.details.agent);
  if (!carry.success) throw new NodeError("the agent's waitpoint has no conversation to go on with", "INTERNAL");
  return { kind: "continue", carry: { ...carry.data, answered: end.data } };
}

/** The carry of a resumed execution, or undefined for a first one. */
export function carryOf(ctx: ExecuteContext): AgentCarry | undefined {
  if (!ctx.resumed) return undefined;
  const carry = carrySchema.safeParse(ctx.resumed);
  if (!carry.success) throw new NodeError("the agent was resumed without its conversation", "INTERNAL", { retryable: false });
  return carry.data;
}

