/**
 * What one execute-node child run does: finds the node's handler by type, reads the run's secrets
 * from the app's database by run id and unseals them into the config and scope (they never travel
 * in a payload, ./sealed.ts), runs the attempt through the
 * engine's own executeTask (backoff delay, timeout, error mapping), exactly as the embedded
 * runtime does, and seals its result again before it goes back to the platform (an output above
 * 1 MB stays in the app's database, ./blobs.ts). A handler error
 * is a result, never a throw: retries stay with the engine.
 */
import { eq } from "drizzle-orm";
import { defaultHandlerOptions, type HandlerOptions, type NodeTaskResult } from "../../engine";
import { coreHandlers, createRegistry } from "../../engine/handlers";
import { executeTask } from "../../engine/runtime/execute";
import { createMasker } from "../../engine/run/mask";
import { runs } from "../../db/schema";
import type { Db, DbOrTx } from "../../db/types";
import { secretsEnv } from "../../secrets/store";
import { runtimeSettings } from "../config";
import { createAppWorkflowHost } from "../subworkflows";
import type { ExecuteNodePayload, LlmStreamChunk } from "./contract";
import { createSecretSeal } from "./sealed";
import { inflateTask, offloadOutput } from "./blobs";

let registry: ReturnType<typeof createRegistry> | undefined;

export interface RunNodeOptions {
  db: DbOrTx;
  signal: AbortSignal;
  /** LLM text of this attempt, as it arrives. */
  onChunk?(chunk: LlmStreamChunk): void;
  handler?: Partial<HandlerOptions>;
}

/** The run (owner, workspace, call chain) by id: the payload names no owner and carries no secret. */
async function runOf(db: DbOrTx, runId: string) {
  const [run] = await db
    .select({ id: runs.id, ownerId: runs.ownerId, workspaceId: runs.workspaceId, callDepth: runs.callDepth, parentRunId: runs.parentRunId, workflowId: runs.workflowId })
    .from(runs)
    .where(eq(runs.id, runId));
  return run;
}

export async function runNodeAttempt({ task: sealed }: ExecuteNodePayload, { db, signal, onChunk, handler }: RunNodeOptions): Promise<NodeTaskResult> {
  registry ??= createRegistry(coreHandlers);
  const nodeHandler = registry.get(sealed.type);
  if (!nodeHandler) {
    return { key: sealed.key, kind: "error", error: { message: `no handler for node type "${sealed.type}" in this deployment`, code: "INTERNAL" }, retryable: false };
  }
  const run = await runOf(db, sealed.runId);
  const env = run?.workspaceId ? await secretsEnv(db, run.workspaceId) : {};
  const seal = createSecretSeal(sealed.runId, env);
  // Streamed text goes to the platform too, and is shown as it is: masked like the app's own stream.
  const mask = createMasker(env);
  // A large config and scope were kept in the app's database (sealed); a large output goes back the same way.
  const task = seal.unseal(await inflateTask(db, sealed));
  // A `workflow` node starts its child as a coordinator of its own on Trigger.dev (../subworkflows.ts);
  // so does an agent's workflow tool, whose call this task then waits for by the child's row.
  const workflows = run && (sealed.type === "workflow" || sealed.type === "agent") ? { workflows: createAppWorkflowHost(db as Db, run, { onTrigger: true }) } : {};
  const options: HandlerOptions = { ...defaultHandlerOptions, ...runtimeSettings().handler, ...workflows, ...handler };
  const result = await executeTask(
    { ...task, scope: { ...task.scope, env } },
    { handler: nodeHandler, options, signal, emitChunk: (text) => onChunk?.({ nodeId: task.key.nodeId, path: task.key.path, text: mask(text) }) },
  );
  return offloadOutput(db, task.runId, seal.seal(result));
}
