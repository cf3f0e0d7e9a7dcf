/**
 * execute-node: one attempt of one node, through the engine's own executor (lib/runs/trigger/
 * node.ts). Handler errors come back as results, so the platform never retries a node on its
 * own (maxAttempts 1): the engine's retry settings decide, as on the embedded runtime.
 * LLM text is piped to the root run's "llm" stream as it arrives.
 */
import { streams, task } from "@trigger.dev/sdk";
import { EXECUTE_NODE_TASK, executeNodePayload, LLM_STREAM_ID, type ExecuteNodeOutput, type ExecuteNodePayload, type LlmStreamChunk } from "../lib/runs/trigger/contract";
import { runNodeAttempt } from "../lib/runs/trigger/node";
import { taskDb } from "./context";

export const llmStream = streams.define<LlmStreamChunk>({ id: LLM_STREAM_ID });

/** Opens the stream on the first chunk only: most nodes never stream. */
function lazyRootStream() {
  let controller: ReadableStreamDefaultController<LlmStreamChunk> | undefined;
  let piped: ReturnType<typeof llmStream.pipe> | undefined;
  return {
    write(chunk: LlmStreamChunk) {
      if (!controller) {
        const readable = new ReadableStream<LlmStreamChunk>({ start: (c) => void (controller = c) });
        piped = llmStream.pipe(readable, { target: "root" });
      }
      controller!.enqueue(chunk);
    },
    async close() {
      if (!controller) return;
      controller.close();
      await piped?.waitUntilComplete();
    },
  };
}

export async function runExecuteNode(payload: ExecuteNodePayload, { signal }: { signal: AbortSignal }): Promise<ExecuteNodeOutput> {
  const parsed = executeNodePayload.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`execute-node payload: ${issue ? `${issue.path.join(".") || "(root)"}: ${issue.message}` : "invalid"}`);
  }
  const db = await taskDb();
  const stream = lazyRootStream();
  try {
    return await runNodeAttempt(parsed.data as ExecuteNodePayload, { db, signal, onChunk: (chunk) => stream.write(chunk) });
  } finally {
    await stream.close();
  }
}

export const executeNode = task({
  id: EXECUTE_NODE_TASK,
  retry: { maxAttempts: 1 },
  run: (payload: ExecuteNodePayload, { signal }) => runExecuteNode(payload, { signal }),
});
