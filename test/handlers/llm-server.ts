/**
 * A local OpenAI-compatible server for llm tests (the one part that can't run
 * here is the provider). /v1/chat/completions answers like the real API:
 * with `stream: true`, server-sent events `data: {"choices":[{"delta":{"content":...}}]}`,
 * a finish chunk, a usage chunk when `stream_options.include_usage`, then
 * `data: [DONE]`; errors as `{ "error": { message, type, code } }` JSON.
 * Each test queues what the next requests get.
 */
import http, { type IncomingMessage, type ServerResponse } from "node:http";

export interface SeenRequest {
  path: string;
  headers: IncomingMessage["headers"];
  body: Record<string, unknown>;
}

export type Answer =
  | {
      kind: "stream";
      chunks: string[];
      usage?: { prompt_tokens: number; completion_tokens: number };
      model?: string;
      /** Called before each chunk is written; the server waits for it (lets a test prove chunks arrive one at a time). */
      before?: (index: number) => Promise<void>;
    }
  | { kind: "error"; status: number; message: string; type?: string }
  /** The model calls tools: one delta per call (`arguments` as the JSON text the API sends), finish_reason "tool_calls". */
  | { kind: "tool_calls"; calls: { id: string; name: string; arguments: Record<string, unknown> }[]; usage?: { prompt_tokens: number; completion_tokens: number } }
  /** Sends the first chunk, then never ends the response (timeouts, cancellation). */
  | { kind: "hang"; chunks: string[] };

export class FakeOpenAI {
  readonly requests: SeenRequest[] = [];
  private answers: Answer[] = [];
  private server = http.createServer((req, res) => this.handle(req, res));
  url = "";

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}/v1`;
    return this;
  }

  stop(): void {
    this.server.closeAllConnections();
    this.server.close();
  }

  /** Queues answers for the next requests, in order. */
  queue(...answers: Answer[]): void {
    this.answers.push(...answers);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
      this.requests.push({ path: req.url ?? "", headers: req.headers, body });
      const answer = this.answers.shift();
      if (req.url !== "/v1/chat/completions" || !answer) {
        res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: `no answer queued for ${req.url}`, type: "invalid_request_error" } }));
        return;
      }
      if (answer.kind === "error") {
        const type = answer.type ?? (answer.status === 429 ? "rate_limit_error" : "invalid_request_error");
        res.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: answer.message, type, param: null, code: null } }));
        return;
      }
      if (answer.kind === "tool_calls") this.toolCalls(res, body, answer);
      else void this.stream(res, body, answer);
    });
  }

  private toolCalls(res: ServerResponse, body: Record<string, unknown>, answer: Extract<Answer, { kind: "tool_calls" }>): void {
    const base = { id: "chatcmpl-test", object: "chat.completion.chunk", created: 1_700_000_000, model: String(body.model), system_fingerprint: "fp_test" };
    const send = (value: unknown) => res.write(`data: ${JSON.stringify(value)}\n\n`);
    res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", connection: "keep-alive" });
    send({ ...base, choices: [{ index: 0, delta: { role: "assistant", content: null }, logprobs: null, finish_reason: null }] });
    for (const [index, call] of answer.calls.entries()) {
      const delta = { tool_calls: [{ index, id: call.id, type: "function", function: { name: call.name, arguments: JSON.stringify(call.arguments) } }] };
      send({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: null }] });
    }
    send({ ...base, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: "tool_calls" }] });
    const includeUsage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
    if (includeUsage && answer.usage) {
      const { prompt_tokens, completion_tokens } = answer.usage;
      send({ ...base, choices: [], usage: { prompt_tokens, completion_tokens, total_tokens: prompt_tokens + completion_tokens } });
    }
    res.end("data: [DONE]\n\n");
  }

  private async stream(res: ServerResponse, body: Record<string, unknown>, answer: Extract<Answer, { kind: "stream" | "hang" }>): Promise<void> {
    const model = (answer.kind === "stream" && answer.model) || String(body.model);
    const base = { id: "chatcmpl-test", object: "chat.completion.chunk", created: 1_700_000_000, model, system_fingerprint: "fp_test" };
    const send = (value: unknown) => res.write(`data: ${JSON.stringify(value)}\n\n`);
    res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", connection: "keep-alive" });
    send({ ...base, choices: [{ index: 0, delta: { role: "assistant", content: "", refusal: null }, logprobs: null, finish_reason: null }] });
    for (const [index, content] of answer.chunks.entries()) {
      if (answer.kind === "stream" && answer.before) await answer.before(index);
      send({ ...base, choices: [{ index: 0, delta: { content }, logprobs: null, finish_reason: null }] });
    }
    if (answer.kind === "hang") return;
    send({ ...base, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: "stop" }] });
    const includeUsage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
    if (includeUsage && answer.usage) {
      const { prompt_tokens, completion_tokens } = answer.usage;
      send({ ...base, choices: [], usage: { prompt_tokens, completion_tokens, total_tokens: prompt_tokens + completion_tokens } });
    }
    res.end("data: [DONE]\n\n");
  }
}

/**
 * A local Anthropic Messages API (/v1/messages) streaming as the real one does:
 * `event:`/`data:` pairs message_start, content_block_start, content_block_delta
 * (text_delta) per chunk, content_block_stop, message_delta (stop reason, output
 * usage), message_stop.
 */
export class FakeAnthropic {
  readonly requests: SeenRequest[] = [];
  private server = http.createServer((req, res) => this.handle(req, res));
  answer: { chunks: string[]; inputTokens: number; outputTokens: number } = { chunks: [], inputTokens: 0, outputTokens: 0 };
  url = "";

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}/v1`;
    return this;
  }

  stop(): void {
    this.server.closeAllConnections();
    this.server.close();
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Record<string, unknown>;
      this.requests.push({ path: req.url ?? "", headers: req.headers, body });
      const send = (type: string, data: Record<string, unknown>) => res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
      const { chunks: pieces, inputTokens, outputTokens } = this.answer;
      res.writeHead(200, { "content-type": "text/event-stream" });
      send("message_start", {
        message: { id: "msg_test", type: "message", role: "assistant", model: String(body.model), content: [], stop_reason: null, usage: { input_tokens: inputTokens, output_tokens: 1 } },
      });
      send("content_block_start", { index: 0, content_block: { type: "text", text: "" } });
      for (const text of pieces) send("content_block_delta", { index: 0, delta: { type: "text_delta", text } });
      send("content_block_stop", { index: 0 });
      send("message_delta", { delta: { stop_reason: "end_turn", stop_sequence: null }, usage: { output_tokens: outputTokens } });
      send("message_stop", {});
      res.end();
    });
  }
}
