/**
 * The agent node's loop: model → tool calls → their results → model, until an answer without tool
 * calls or `maxSteps` model calls. One AI SDK `streamText` call per model call, over a conversation
 * this loop keeps (`AgentConversation`, plain JSON), so the loop can stop between two model calls
 * and go on later from where it was: when a workflow tool's child run waits for people, the agent
 * returns `waiting` with the conversation, its node pauses on that child, and the child's end
 * settles the call (`settleCall`) and the loop goes on (../handlers/agent.ts). What happens goes to
 * `onEvent` as it happens (text as it streams, each tool call and its result), and every tool call
 * is kept as a step of the output. A model still calling tools at `maxSteps` is no answer.
 */
import { stepCountIs, streamText, type LanguageModel, type ModelMessage, type ToolSet } from "ai";
import { NodeError } from "../errors";
import { childRunOfCall, ChildRunWaiting } from "./agent-tools";
import { callSettings } from "./stream";

export const MAX_STEPS = "MAX_STEPS";

/** `runId`: the child run a workflow tool's call started (the run panel links to it); `waiting`: that run waits for people. */
export type AgentStep = { tool: string; input: unknown; output?: unknown; error?: string; runId?: string; waiting?: true };
export type AgentEvent =
  | { kind: "text"; text: string }
  | { kind: "tool-call"; tool: string; input: unknown }
  | { kind: "tool-result"; tool: string; ok: boolean; summary: string }
  | { kind: "tool-waiting"; tool: string; runId: string }
  | { kind: "tool-retry"; tool: string; attempt: number; delayMs: number; error: string };

type Usage = { inputTokens: number | undefined; outputTokens: number | undefined; totalTokens: number | undefined };

/** Everything the loop needs to go on after a pause: JSON, kept in the node's waitpoint. */
export interface AgentConversation {
  messages: ModelMessage[];
  steps: AgentStep[];
  modelCalls: number;
  usage: Usage;
  responseModel?: string;
}

/** A workflow tool's call whose child run waits for people: the node pauses on it. */
export interface WaitingCall {
  toolCallId: string;
  tool: string;
  runId: string;
  /** The workflow the call runs. */
  workflow: string;
}

export interface AgentRequest {
  model: LanguageModel;
  system?: string;
  prompt: string;
  tools: ToolSet;
  maxSteps: number;
  temperature?: number;
  maxTokens?: number;
  responseSchema?: Record<string, unknown>;
  signal: AbortSignal;
  onEvent(event: AgentEvent): void;
  /** Go on with this conversation (after a pause) instead of starting from `prompt`. */
  conversation?: AgentConversation;
}

export interface AgentAnswer {
  text: string;
  steps: AgentStep[];
  modelCalls: number;
  responseModel: string | undefined;
  usage: Usage;
}

export type AgentOutcome = { kind: "answer"; answer: AgentAnswer } | { kind: "waiting"; conversation: AgentConversation; calls: WaitingCall[] };

const brief = (value: unknown) => {
  const text = typeof value === "string" ? value : JSON.stringify(value) ?? "";
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
};
const runIdOf = (outcome: unknown) => {
  const runId = childRunOfCall(outcome);
  return runId ? { runId } : {};
};
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
const add = (a: number | undefined, b: number | undefined) => (a === undefined && b === undefined ? undefined : (a ?? 0) + (b ?? 0));

export function newConversation(prompt: string): AgentConversation {
  return { messages: [{ role: "user", content: prompt }], steps: [], modelCalls: 0, usage: { inputTokens: undefined, outputTokens: undefined, totalTokens: undefined } };
}

export async function runAgent(request: AgentRequest): Promise<AgentOutcome> {
  const conversation = request.conversation ?? newConversation(request.prompt);
  for (;;) {
    // Checked before each call: a conversation resumed after its last allowed call ends here too.
    if (conversation.modelCalls >= request.maxSteps) {
      throw new NodeError(`no answer after ${request.maxSteps} model calls: the model was still calling tools (raise maxSteps, or tell it when to stop)`, MAX_STEPS, { retryable: false });
    }
    const step = await modelCall(request, conversation);
    if (step.waiting.length > 0) return { kind: "waiting", conversation, calls: step.waiting };
    if (step.finishReason !== "tool-calls") {
      return { kind: "answer", answer: { text: step.text, steps: conversation.steps, modelCalls: conversation.modelCalls, responseModel: conversation.responseModel, usage: conversation.usage } };
    }
  }
}

/** One model call and the tool calls it asks for; the conversation grows by its messages. */
async function modelCall(request: AgentRequest, conversation: AgentConversation) {
  const result = streamText({
    ...callSettings(request),
    ...(request.system ? { system: request.system } : {}),
    messages: conversation.messages,
    tools: request.tools,
    stopWhen: stepCountIs(1),
  });
  let text = "";
  let finishReason: string | undefined;
  let failure: { error: unknown } | undefined;
  const waiting: WaitingCall[] = [];
  const open = new Map<string, AgentStep>();
  for await (const part of result.fullStream) {
    switch (part.type) {
      case "text-delta":
        if (part.text) {
          text += part.text;
          request.onEvent({ kind: "text", text: part.text });
        }
        break;
      case "tool-call": {
        const step: AgentStep = { tool: part.toolName, input: part.input };
        conversation.steps.push(step);
        open.set(part.toolCallId, step);
        request.onEvent({ kind: "tool-call", tool: part.toolName, input: part.input });
        break;
      }
      case "tool-result": {
        const step = open.get(part.toolCallId);
        if (step) Object.assign(step, { output: part.output }, runIdOf(part.output));
        request.onEvent({ kind: "tool-result", tool: part.toolName, ok: true, summary: brief(part.output) });
        break;
      }
      case "tool-error": {
        const step = open.get(part.toolCallId);
        if (part.error instanceof ChildRunWaiting) {
          const { runId, workflow } = part.error;
          if (step) Object.assign(step, { runId, waiting: true as const });
          waiting.push({ toolCallId: part.toolCallId, tool: part.toolName, runId, workflow });
          request.onEvent({ kind: "tool-waiting", tool: part.toolName, runId });
          break;
        }
        if (step) Object.assign(step, { error: messageOf(part.error) }, runIdOf(part.error));
        request.onEvent({ kind: "tool-result", tool: part.toolName, ok: false, summary: messageOf(part.error) });
        break;
      }
      case "error":
        failure ??= { error: part.error };
        break;
      case "finish-step":
        finishReason = part.finishReason;
        conversation.responseModel = part.response.modelId || conversation.responseModel;
        break;
      case "finish": {
        const usage = conversation.usage;
        conversation.usage = {
          inputTokens: add(usage.inputTokens, part.totalUsage.inputTokens),
          outputTokens: add(usage.outputTokens, part.totalUsage.outputTokens),
          totalTokens: add(usage.totalTokens, part.totalUsage.totalTokens),
        };
        break;
      }
    }
  }
  if (request.signal.aborted) throw request.signal.reason;
  if (failure) throw failure.error;
  conversation.modelCalls += 1;
  conversation.messages.push(...(await result.responseMessages));
  return { text, finishReason, waiting };
}

/**
 * A waiting call's child run ended: its result (or error) replaces the placeholder the model would
 * otherwise read, in the conversation and in the step.
 */
export function settleCall(conversation: AgentConversation, call: WaitingCall, end: { ok: true; result: unknown } | { ok: false; error: string }): void {
  for (const message of conversation.messages) {
    if (message.role !== "tool") continue;
    for (const part of message.content) {
      if (part.type !== "tool-result" || part.toolCallId !== call.toolCallId) continue;
      part.output = end.ok ? { type: "json", value: end.result as never } : { type: "error-text", value: end.error };
    }
  }
  const step = conversation.steps.find((s) => s.runId === call.runId && s.waiting);
  if (!step) return;
  delete step.waiting;
  if (end.ok) step.output = end.result;
  else step.error = end.error;
}
