/**
 * One streamed model call through the AI SDK's `streamText`: text deltas go
 * to `onText` as they arrive, the answer and token usage come back at the end.
 * streamText doesn't throw: failures arrive as `error` parts of the stream
 * (the default `onError` would also log them to the console, so it is
 * silenced); the first one is rethrown after the stream ends, as is the
 * signal's reason when the call was aborted.
 */
import { Output, jsonSchema, streamText, type JSONSchema7, type LanguageModel, type ModelMessage } from "ai";

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface CompletionRequest {
  model: LanguageModel;
  messages: ChatMessage[];
  temperature?: number;
  maxTokens?: number;
  /** JSON Schema of a structured answer: sent to the provider as the response format. */
  responseSchema?: Record<string, unknown>;
  signal: AbortSignal;
  onText(text: string): void;
}

export interface Completion {
  text: string;
  /** The model that answered, as the provider names it (may be a dated snapshot); undefined when not reported. */
  responseModel: string | undefined;
  usage: { inputTokens: number | undefined; outputTokens: number | undefined; totalTokens: number | undefined };
}

/** The `streamText` settings every model call of the engine uses (the llm node's and the agent's). */
export function callSettings(request: Pick<CompletionRequest, "model" | "temperature" | "maxTokens" | "responseSchema" | "signal">) {
  return {
    model: request.model,
    temperature: request.temperature,
    maxOutputTokens: request.maxTokens,
    // The engine retries (node retry settings, backoff, attempts recorded); the SDK must not retry underneath it.
    maxRetries: 0,
    abortSignal: request.signal,
    // Arbitrary user schemas don't meet OpenAI's strict-mode rules; the answer is validated by the handler instead.
    providerOptions: { openai: { strictJsonSchema: false } },
    // Failures arrive as `error` parts and are rethrown by the caller; the default would also log them.
    onError: () => {},
    ...(request.responseSchema ? { output: Output.object({ schema: jsonSchema(request.responseSchema as JSONSchema7) }) } : {}),
  };
}

export async function streamCompletion(request: CompletionRequest): Promise<Completion> {
  const result = streamText({ ...callSettings(request), messages: request.messages as ModelMessage[], allowSystemInMessages: true });

  let text = "";
  let failure: { error: unknown } | undefined;
  let responseModel: string | undefined;
  let usage: Completion["usage"] = { inputTokens: undefined, outputTokens: undefined, totalTokens: undefined };
  for await (const part of result.fullStream) {
    switch (part.type) {
      case "text-delta":
        if (part.text) {
          text += part.text;
          request.onText(part.text);
        }
        break;
      case "error":
        failure ??= { error: part.error };
        break;
      case "finish-step":
        responseModel = part.response.modelId || responseModel;
        break;
      case "finish":
        usage = { inputTokens: part.totalUsage.inputTokens, outputTokens: part.totalUsage.outputTokens, totalTokens: part.totalUsage.totalTokens };
        break;
    }
  }
  // An aborted call ends the stream early with an `abort` part, not an error: the partial text is no answer.
  if (request.signal.aborted) throw request.signal.reason;
  if (failure) throw failure.error;
  return { text, responseModel, usage };
}
