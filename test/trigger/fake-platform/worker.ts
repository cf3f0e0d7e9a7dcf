/**
 * One task worker process for the fake Trigger.dev (./server.ts), set up the way the CLI's
 * managed-run-worker sets up a deployed worker (trigger.dev 4.8.3, entryPoints/managed-run-worker.js):
 * the SDK's globals (API client from TRIGGER_API_URL + TRIGGER_SECRET_KEY, run metadata, realtime
 * streams, locals, lifecycle hooks, resource catalog, task context) and the project's two tasks
 * imported into the catalog; each run executes through the SDK's own TaskExecutor (retries with
 * trigger.config.ts's settings, onFailure), ONE at a time, as on the platform.
 *
 * What differs: the runtime manager (the worker↔supervisor seam, an IPC channel in the real
 * worker) long-polls the fake server's /fake/workers endpoints instead, and tracing and console
 * capture are off (no OpenTelemetry collector here).
 *
 * Run with `node --import tsx test/trigger/fake-platform/worker.ts` and FAKE_WORKER_ID set.
 */
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import {
  apiClientManager,
  BatchTaskRunExecutionResult,
  InternalError,
  lifecycleHooks,
  localsAPI,
  realtimeStreams,
  resourceCatalog,
  runMetadata,
  runtime,
  taskContext,
  TaskRunContext,
  TaskRunErrorCodes,
  TaskRunExecution,
  waitUntil,
  WaitpointTokenResult,
} from "@trigger.dev/core/v3";
import { TriggerTracer } from "@trigger.dev/core/v3/tracer";
import {
  StandardLifecycleHooksManager,
  StandardLocalsManager,
  StandardMetadataManager,
  StandardRealtimeStreamsManager,
  StandardResourceCatalog,
  StandardWaitUntilManager,
  TaskExecutor,
} from "@trigger.dev/core/v3/workers";

const api = process.env.TRIGGER_API_URL;
const workerId = process.env.FAKE_WORKER_ID;
if (!api || !workerId || !process.env.TRIGGER_SECRET_KEY) throw new Error("worker: TRIGGER_API_URL, TRIGGER_SECRET_KEY and FAKE_WORKER_ID must be set");
const root = join(import.meta.dirname, "../../..");

async function post(path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${api}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = (await response.json()) as unknown;
  if (response.status === 409 && (json as { code?: string }).code === "TASK_DID_CONCURRENT_WAIT") {
    throw new InternalError({ code: TaskRunErrorCodes.TASK_DID_CONCURRENT_WAIT, message: (json as { message: string }).message, skipRetrying: true });
  }
  if (!response.ok) throw new Error(`fake supervisor ${path}: HTTP ${response.status} ${JSON.stringify(json)}`);
  return json;
}

/** The supervisor side of waits: the fake server answers once the batch's runs ended or the token completed. */
/** RuntimeManager (core's runtime/manager.d.ts; not exported by name). */
type RuntimeManager = Parameters<typeof runtime.setGlobalRuntimeManager>[0];

class FakeSupervisorRuntime implements RuntimeManager {
  private waiting = false;
  disable(): void {}
  waitForTask(): never {
    throw new Error("triggerAndWait is not used by this project's tasks");
  }
  waitForBatch({ id, ctx }: { id: string; runCount: number; ctx: TaskRunContext }) {
    return this.one(async () => BatchTaskRunExecutionResult.parse(await post(`/fake/workers/${workerId}/runs/${ctx.run.id}/wait-batch/${id}`)));
  }
  waitForWaitpoint({ waitpointFriendlyId }: { waitpointFriendlyId: string; finishDate?: Date }) {
    const runId = taskContext.ctx?.run.id;
    return this.one(async () => WaitpointTokenResult.parse(await post(`/fake/workers/${workerId}/runs/${runId}/wait-token/${waitpointFriendlyId}`)));
  }
  /** As the SDK's SharedRuntimeManager (preventMultipleWaits): a second wait while one is pending is refused here first. */
  private async one<T>(wait: () => Promise<T>): Promise<T> {
    if (this.waiting) throw new InternalError({ code: TaskRunErrorCodes.TASK_DID_CONCURRENT_WAIT, message: "Parallel waits are not supported", skipRetrying: true });
    this.waiting = true;
    try {
      return await wait();
    } finally {
      this.waiting = false;
    }
  }
}

const locals = new StandardLocalsManager();
localsAPI.setGlobalLocalsManager(locals);
const hooks = new StandardLifecycleHooksManager();
lifecycleHooks.setGlobalLifecycleHooksManager(hooks);
const catalog = new StandardResourceCatalog();
resourceCatalog.setGlobalResourceCatalog(catalog);
const metadataManager = new StandardMetadataManager(apiClientManager.clientOrThrow());
runMetadata.setGlobalManager(metadataManager);
const streams = new StandardRealtimeStreamsManager(apiClientManager.clientOrThrow(), api, false);
realtimeStreams.setGlobalManager(streams);
const waitUntilManager = new StandardWaitUntilManager();
waitUntil.setGlobalManager(waitUntilManager);
const supervisor = new FakeSupervisorRuntime();
runtime.setGlobalRuntimeManager(supervisor);

// The tasks register into the catalog as they are imported, each under its file (as the worker's manifest names them).
for (const file of ["trigger/execute-workflow.ts", "trigger/execute-node.ts"]) {
  catalog.setCurrentFileContext(file, file);
  await import(pathToFileURL(join(root, file)).href);
  catalog.clearCurrentFileContext();
}
const config = ((await import(pathToFileURL(join(root, "trigger.config.ts")).href)) as { default: { retries?: unknown } }).default;
const tracer = new TriggerTracer({ name: "fake-trigger-worker", version: "0" });
const consoleInterceptor = { intercept: <T>(_console: Console, fn: () => Promise<T>) => fn() };

let executions = 0;
async function execute(raw: unknown): Promise<unknown> {
  const execution = TaskRunExecution.parse(raw);
  const ctx = TaskRunContext.parse(execution);
  taskContext.setGlobalTaskContext({ ctx, worker: { id: "worker_fake", version: "fake", contentHash: "fake", engine: "V2" }, isWarmStart: executions > 0 });
  const task = resourceCatalog.getTask(execution.task.id);
  if (!task) return { ok: false, id: execution.run.id, error: { type: "INTERNAL_ERROR", code: TaskRunErrorCodes.COULD_NOT_FIND_TASK, message: execution.task.id } };
  metadataManager.runId = execution.run.id;
  metadataManager.runIdIsRoot = typeof execution.run.rootTaskRunId === "undefined";
  metadataManager.startPeriodicFlush(1000);
  executions++;
  const executor = new TaskExecutor(task, {
    tracer,
    tracingSDK: undefined as never, // TaskExecutor 4.8.3 keeps it but never calls it
    consoleInterceptor: consoleInterceptor as never,
    retries: config.retries as never,
    isWarmStart: executions > 1,
    executionCount: executions,
  });
  try {
    const { result } = await executor.execute(execution, ctx, new AbortController().signal);
    await metadataManager.stopAndReturnLastFlush();
    return result;
  } finally {
    // As managed-run-worker's resetExecutionEnvironment between runs.
    locals.reset();
    hooks.reset();
    metadataManager.reset();
    waitUntilManager.reset();
    streams.reset();
    taskContext.disable();
  }
}

for (;;) {
  const next = await post(`/fake/workers/${workerId}/next`);
  if (!next) continue;
  const runId = (next as { run: { id: string } }).run.id;
  const result = await execute(next).catch((error: unknown) => ({ ok: false, id: runId, error: { type: "INTERNAL_ERROR", code: TaskRunErrorCodes.CONFIGURED_INCORRECTLY, message: error instanceof Error ? error.message : String(error) } }));
  await post(`/fake/workers/${workerId}/runs/${runId}/complete`, result);
}
