/** Settling the calls a resumed agent waited for (./agent-carry.ts says how an agent waits). */
import { ErrorCode, NodeError } from "../errors";
import type { ChildEnd } from "../handlers/workflow";
import type { ChildRunOutcome, ExecuteContext } from "../handlers/types";
import type { AgentCarry } from "./agent-carry";
import { settleCall, type AgentEvent, type WaitingCall } from "./agent-loop";
import { toolResultOf } from "./agent-tools";

/**
 * Settles the calls that waited: the answered child with its end, the others as they are now
 * (followed by their run id: a retry's new attempt number must not start new children). Returns
 * the calls still waiting.
 */
export async function settleWaiting(carry: AgentCarry, ctx: ExecuteContext, onEvent: (event: AgentEvent) => void): Promise<WaitingCall[]> {
  const follow = ctx.options.workflows?.follow?.bind(ctx.options.workflows);
  const still: WaitingCall[] = [];
  for (const call of carry.calls) {
    let end: ChildEnd | ChildRunOutcome;
    if (carry.answered?.runId === call.runId) end = carry.answered;
    else if (follow) end = await follow(call.runId, ctx.signal);
    else throw new NodeError("this runtime can't wait for a workflow tool's run", ErrorCode.VALIDATION_ERROR, { retryable: false });
    if (end.status === "running") {
      still.push(call);
      continue;
    }
    try {
      const result = toolResultOf(end);
      settleCall(carry.conversation, call, { ok: true, result });
      onEvent({ kind: "tool-result", tool: call.tool, ok: true, summary: JSON.stringify(result).slice(0, 200) });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      settleCall(carry.conversation, call, { ok: false, error: message });
      onEvent({ kind: "tool-result", tool: call.tool, ok: false, summary: message });
    }
  }
  return still;
}
