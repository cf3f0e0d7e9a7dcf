/** Settling the calls a resumed agent waited for (./agent-carry.ts says how an agent waits). */
import type { ChildEnd } from "../handlers/workflow";
import type { ExecuteContext } from "../handlers/types";
import type { AgentCarry } from "./agent-carry";
import { settleCall, type AgentEvent, type WaitingCall } from "./agent-loop";
import { callWorkflow, toolResultOf } from "./agent-tools";

/**
 * Settles the calls that waited: the answered child with its end, the others as they are now
 * (looked at through the host again: the same child run). Returns the calls still waiting.
 */
export async function settleWaiting(carry: AgentCarry, ctx: ExecuteContext, onEvent: (event: AgentEvent) => void): Promise<WaitingCall[]> {
  const still: WaitingCall[] = [];
  for (const call of carry.calls) {
    const end: ChildEnd | Awaited<ReturnType<typeof callWorkflow>> = carry.answered?.runId === call.runId ? carry.answered : await callWorkflow(ctx, call.workflow, call.inputs, call.toolCallId);
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
