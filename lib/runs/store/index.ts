// The run store: how the CLI and the app persist runs. Every function takes the database (or a
// transaction) first, so callers can compose them inside db.transaction().
export { closeOpenRun, createRun, finishRun, listEvents, listNodeRuns, listTopLevelNodeRuns, loadRun, setRunStatus, type LoadedRun } from "./runs";
export { saveCheckpoint } from "./checkpoint";
export { closeWaitpoint, getWaitpoint, listOpenWaitpoints, openWaitpoint } from "./waitpoints";
export { createVersion, getVersion } from "./versions";
export { newId } from "./ids";
export { RunNotFoundError, RunStoreConflictError, RunStoreInputError } from "./errors";
export type { CheckpointInput, CloseWaitpointInput, CreateRunInput, FinishRunInput, NodeRunInput, OpenWaitpointInput, RunEventInput } from "./inputs";
export { claimForRecovery, claimLease, LeaseLostError, releaseLease, renewLease, requestCancel, type Fence, type RecoveryClaim, type Renewal } from "./leases";
export { pendingAnswers, recordAnswer, type AnswerInput, type AnswerRefusal, type RecordedAnswerResult } from "./answers";
export type { CheckpointWritten } from "./checkpoint";
export { findVersionOrCreate, versionToRun } from "./versions";
export { listRunsOfWorkspace, runListQuerySchema, RUNS_PAGE_SIZE, type RunListPage, type RunListQuery, type RunListRow } from "./run-list";
