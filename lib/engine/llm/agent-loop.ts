/**
 * The agent node's loop through the AI SDK's `streamText` with tools: model → tool calls → their
 * results → model, until an answer without tool calls or `maxSteps` model calls. What happens goes
 * to `onEvent` as it happens (text as it streams, each tool call and its result), and every tool
 * call is kept as a step of the output. A model still calling tools at `maxSteps` is no answer.
 */
import { stepCountIs, streamText, type LanguageModel, type ToolSet } from "ai";
import { NodeError } from "../errors";
import { childRunOfCall } from "./agent-tools";
import { callSettings } from "./stream";

export const MAX_STEPS = "MAX_STEPS";

/** `runId`: the child run a workflow tool's call started (the run panel links to it). */
export type AgentStep = { tool: string; input: unknown; output?: unknown; error?: string; runId?: string };
export type AgentEvent = { kind: "text"; text: string } | { kind: "tool-call"; tool: string; input: unknown } | { kind: "tool-result"; tool: string; ok: boolean; summary: string };

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
}

export interface AgentAnswer {
  text: string;
  steps: AgentStep[];
  modelCalls: number;
  responseModel: string | undefined;
  usage: { inputTokens: number | undefined; outputTokens: number | undefined; totalTokens: number | undefined };
}

const brief = (value: unknown) => {
  const text = typeof value === "string" ? value : JSON.stringify(value) ?? "";
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
};
const runIdOf = (outcome: unknown) => {
  const runId = childRunOfCall(outcome);
  return runId ? { runId } : {};
};
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export async function runAgent(request: AgentRequest): Promise<AgentAnswer> {
  const result = streamText({
    ...callSettings(request),
    ...(request.system ? { system: request.system } : {}),
    prompt: request.prompt,
    tools: request.tools,
    stopWhen: stepCountIs(request.maxSteps),
  });

  let stepText = "";
  let lastText = "";
  let modelCalls = 0;
  let finishReason: string | undefined;
  let failure: { error: unknown } | undefined;
  let responseModel: string | undefined;
  let usage: AgentAnswer["usage"] = { inputTokens: undefined, outputTokens: undefined, totalTokens: undefined };
  const steps: AgentStep[] = [];
  const open = new Map<string, AgentStep>();
  for await (const part of result.fullStream) {
    switch (part.type) {
      case "start-step":
        stepText = "";
        break;
      case "text-delta":
        if (part.text) {
          stepText += part.text;
          request.onEvent({ kind: "text", text: part.text });
        }
        break;
      case "tool-call": {
        const step: AgentStep = { tool: part.toolName, input: part.input };
        steps.push(step);
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
        if (step) Object.assign(step, { error: messageOf(part.error) }, runIdOf(part.error));
        request.onEvent({ kind: "tool-result", tool: part.toolName, ok: false, summary: messageOf(part.error) });
        break;
      }
      case "error":
        failure ??= { error: part.error };
        break;
      case "finish-step":
        modelCalls += 1;
        lastText = stepText;
        finishReason = part.finishReason;
        responseModel = part.response.modelId || responseModel;
        break;
      case "finish":
        usage = { inputTokens: part.totalUsage.inputTokens, outputTokens: part.totalUsage.outputTokens, totalTokens: part.totalUsage.totalTokens };
        break;
    }
  }
  if (request.signal.aborted) throw request.signal.reason;
  if (failure) throw failure.error;
  if (finishReason === "tool-calls") {
    throw new NodeError(`no answer after ${request.maxSteps} model calls: the model was still calling tools (raise maxSteps, or tell it when to stop)`, MAX_STEPS, { retryable: false });
  }
  return { text: lastText, steps, modelCalls, responseModel, usage };
}
