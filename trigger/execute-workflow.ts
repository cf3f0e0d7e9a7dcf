/**
 * execute-workflow: the coordinator of one run the app created (runtime "trigger.dev"). The
 * engine runs here; nodes run as execute-node child runs, one batchTriggerAndWait per wave;
 * approvals wait on a wait token; progress goes to run metadata (`progress`). Everything is
 * recorded in the app's database as on the embedded runtime (lib/runs/trigger/workflow.ts).
 */
import { locals, metadata, task } from "@trigger.dev/sdk";
import { notifyOpenWaitpoints } from "../lib/approvals/notify";
import { EXECUTE_WORKFLOW_TASK, executeWorkflowPayload, type ExecuteWorkflowPayload, type RunProgress } from "../lib/runs/trigger/contract";
import { closeAfterCoordinatorFailure } from "../lib/runs/trigger/reconcile";
import { MAX_BATCH_ITEMS } from "../lib/runs/trigger/runtime";
import { executeWorkflowRun, type CoordinatorResult } from "../lib/runs/trigger/workflow";
import { platformLocal, taskDb } from "./context";
import { sdkPlatform } from "./platform";
import { coordinatorQueue } from "./queues";

async function publish(progress: RunProgress, { flush }: { flush: boolean }) {
  metadata.set("progress", progress as unknown as Parameters<typeof metadata.set>[1]);
  if (flush) await metadata.flush();
}

/** FLOWMAESTRO_TRIGGER_WAVE_SIZE: node attempts per wave (1..1000); unset keeps the embedded default (32). */
function waveSize(): number | undefined {
  const n = Number(process.env.FLOWMAESTRO_TRIGGER_WAVE_SIZE);
  return Number.isInteger(n) && n > 0 ? Math.min(n, MAX_BATCH_ITEMS) : undefined;
}

export async function runExecuteWorkflow(payload: ExecuteWorkflowPayload, { signal, owner }: { signal: AbortSignal; owner?: string }): Promise<CoordinatorResult> {
  const parsed = executeWorkflowPayload.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`execute-workflow payload: ${issue ? `${issue.path.join(".") || "(root)"}: ${issue.message}` : "invalid"}`);
  }
  const db = await taskDb();
  const platform = locals.get(platformLocal) ?? sdkPlatform;
  // Approval links and mail, as on the embedded runtime (the task is where lib/runs meets lib/approvals).
  return executeWorkflowRun(parsed.data.runId, { db, platform, signal, publish, notify: notifyOpenWaitpoints, owner, concurrency: waveSize() }, parsed.data.trigger);
}

/**
 * onFailure: every attempt failed (a throw, AbortTaskRunError, a rate-limited batch that never
 * got through, maxDuration): the run row is closed as failed with the reason, never left open.
 * Crashes and cancels of a suspended coordinator may skip this hook: the app's sweep
 * (lib/runs/trigger/reconcile.ts) closes those rows.
 */
export async function onExecuteWorkflowFailure(payload: unknown, error: unknown): Promise<void> {
  const parsed = executeWorkflowPayload.safeParse(payload);
  if (!parsed.success) return;
  await closeAfterCoordinatorFailure(await taskDb(), parsed.data.runId, error);
}

export const executeWorkflow = task({
  id: EXECUTE_WORKFLOW_TASK,
  queue: coordinatorQueue,
  // The lease token names this attempt: a retried attempt takes the run over from the one that died.
  run: (payload: ExecuteWorkflowPayload, { signal, ctx }) => runExecuteWorkflow(payload, { signal, owner: `trigger:${ctx.run.id}:${ctx.attempt.number}` }),
  onFailure: ({ payload, error }) => onExecuteWorkflowFailure(payload, error),
});
