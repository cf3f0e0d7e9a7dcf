/**
 * FlowMaestro engine: public API (framework-free; CLI, app and Trigger.dev tasks use only this).
 *
 * Build
 *   buildPlan(definition: unknown, registry: Registry)
 *     -> { ok: true, plan: Plan, warnings: Problem[] } | { ok: false, problems: Problem[], warnings: Problem[] }
 *     Every problem at once, each { path: "nodes[3].config.url", message }.
 *   validateInputs(plan, inputs) -> { ok: true } | { ok: false, problems }   (the definition's `inputs` JSON Schema)
 *   createRegistry(handlers), coreHandlers (from "./handlers")
 *
 * Run (all return Promise<RunOutcome> = { result: RunResult (spec section 6), state: RunState (the snapshot) })
 *   startRun({ plan, inputs?, env?, runId?, trigger?: { kind, nodeId?, payload? }, options?, hooks?, signal?})
 *   resumeRun({ plan, state, waitpointId? | nodeId?, input?, env?, options?, hooks?, recordedOutputs? })
 *     -> { ok: true, ...RunOutcome } | { ok: false, problem: { code: NOT_PAUSED|NOT_FOUND|AMBIGUOUS|REFUSED|EXPIRED, message }, ...maybe RunOutcome }
 *     REFUSED (handler rejected the input) leaves `state` untouched. `recordedOutputs`: top-level
 *     outputs stored before (previous result's nodes[id].output) so outputs/nodes stay complete.
 *   expireWaitpoints({ plan, state, env?, options?, hooks?, recordedOutputs? })   times out due waitpoints (TIMEOUT) and continues
 *   cancelRun({ plan, state, ... })   cancels a stored run; an in-flight run is cancelled through `signal`
 *   continueRun({ plan, state, ... }) continues from a checkpoint taken while running (crash, retried task):
 *     attempts that were in flight run again as the same attempts (same attempt number and start time).
 *   answerRun({ plan, state, answered: RecordedAnswer[] }) applies answers a store recorded and drives on;
 *     `answers` (an AnswerSource) delivers answers that arrive while a run runs.
 *   driveRun(common, state, initialEvents) drives a state from where it is.
 *   options: { concurrency = 32, outputCapBytes = 1 MiB, handler: HandlerOptions, now(), waitpointUrl(wp), runtime() }
 *   hooks:   { onEvent(event), onCheckpoint(state, events, journal) (awaited after each batch of completions, on pause, at the end), onChunk(key, text) }
 *     journal = { entries, exact }: the inputs applied since the previous checkpoint. A store may write
 *     the full snapshot only now and then: replayJournal(plan, snapshot, entries after it, env)
 *     rebuilds the state exactly; write the snapshot whenever `exact` is false or the run is not running.
 *
 * `env` is the workspace's variables for {{env.*}}: never read from process.env. Secrets are masked in events.
 * The state is one JSON value: JSON.parse(JSON.stringify(state)) resumes identically.
 * Lower level (other runtimes): createRunState, apply (the state machine), Driver, createEmbeddedRuntime, buildRunResult.
 */
export { buildPlan, type BuildResult } from "./plan/build";
export type { Plan, PlanNode, PlanEdge, ScopePlan } from "./plan/types";
export { ROOT_SCOPE } from "./plan/types";
export { formatProblems, type Problem } from "./problems";
export { nodeIdPattern, reservedIds, nodeSchema, edgeSchema, type WorkflowDefinition, type NodeDefinition, type EdgeDefinition } from "./definition";
export { validateInputs } from "./run/inputs";
export {
  startRun,
  resumeRun,
  answerRun,
  driveRun,
  expireWaitpoints,
  expireDueWaitpoints,
  applyAnswers,
  continueRun,
  cancelRun,
  findWaitpoint,
  lookupWaitpoint,
  newRunId,
  type RecordedAnswer,
  type RunOptions,
  type RunOutcome,
  type StartRunInput,
  type ResumeRunInput,
  type ResumeProblem,
} from "./run/lifecycle";
export { buildRunResult, type RunResult, type NodeResult, type WaitingResult } from "./run/result";
export { Driver } from "./run/drive";
export { replayJournal, type JournalEntry, type CheckpointJournal } from "./run/journal";
export { createRunState, type RunTrigger } from "./state/create";
export { apply, type StateInput, type MachineEnv } from "./state/machine";
export type { RunEvent } from "./state/events";
export type { RunState, NodeKey, PathSegment, NodeStatus, RunStatus, RunStateStatus, Waitpoint } from "./state/types";
export { RUN_STATUSES } from "./state/types";
export { instanceKey, frameKey } from "./state/keys";
export { capOutput, DEFAULT_OUTPUT_CAP_BYTES, estimateSize } from "./state/capping";
export { createEmbeddedRuntime } from "./runtime/embedded";
export type { Runtime, RunHooks, NodeTask, NodeTaskResult, AnswerSource } from "./runtime/port";
export { storable, storableText } from "./state/storable";
export { answerInput } from "./run/answer";
export { createRegistry, type Registry } from "./handlers/registry";
export { defaultHandlerOptions, defineHandler, type NodeHandler, type AnyNodeHandler, type ExecuteContext, type HandlerOptions, type SqlHost, type SqlQueryRequest, type SqlQueryResult } from "./handlers/types";
export { NodeError, ErrorCode, RunStopFailure, type NodeErrorInfo } from "./errors";
