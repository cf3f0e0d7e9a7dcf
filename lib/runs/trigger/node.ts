/**
 * What one execute-node child run does: finds the node's handler by type, puts the owner's
 * secrets back into the scope (they never travel in a payload) and runs the attempt through the
 * engine's own executeTask (backoff delay, timeout, error mapping), exactly as the embedded
 * runtime does. A handler error is a result, never a throw: retries stay with the engine.
 */
import { defaultHandlerOptions, type HandlerOptions, type NodeTaskResult } from "../../engine";
import { coreHandlers, createRegistry } from "../../engine/handlers";
import { executeTask } from "../../engine/runtime/execute";
import type { DbOrTx } from "../../db/types";
import { secretsEnv } from "../../secrets/store";
import { runtimeSettings } from "../config";
import type { ExecuteNodePayload, LlmStreamChunk } from "./contract";

let registry: ReturnType<typeof createRegistry> | undefined;

export interface RunNodeOptions {
  db: DbOrTx;
  signal: AbortSignal;
  /** LLM text of this attempt, as it arrives. */
  onChunk?(chunk: LlmStreamChunk): void;
  handler?: Partial<HandlerOptions>;
}

export async function runNodeAttempt({ task, ownerId }: ExecuteNodePayload, { db, signal, onChunk, handler }: RunNodeOptions): Promise<NodeTaskResult> {
  registry ??= createRegistry(coreHandlers);
  const nodeHandler = registry.get(task.type);
  if (!nodeHandler) {
    return { key: task.key, kind: "error", error: { message: `no handler for node type "${task.type}" in this deployment`, code: "INTERNAL" }, retryable: false };
  }
  const env = ownerId ? await secretsEnv(db, ownerId) : {};
  const options: HandlerOptions = { ...defaultHandlerOptions, ...runtimeSettings().handler, ...handler };
  return executeTask(
    { ...task, scope: { ...task.scope, env } },
    { handler: nodeHandler, options, signal, emitChunk: (text) => onChunk?.({ nodeId: task.key.nodeId, path: task.key.path, text }) },
  );
}
