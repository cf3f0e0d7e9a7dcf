// The run store: how the CLI and the app persist runs. Every function takes the database (or a
// transaction) first, so callers can compose them inside db.transaction().
export { createRun, finishRun, listEvents, listNodeRuns, loadRun, setRunStatus, type LoadedRun } from "./runs";
export { saveCheckpoint } from "./checkpoint";
export { closeWaitpoint, getWaitpoint, listOpenWaitpoints, openWaitpoint } from "./waitpoints";
export { createVersion, getVersion } from "./versions";
export { newId } from "./ids";
export { RunNotFoundError, RunStoreConflictError, RunStoreInputError } from "./errors";
export type { CheckpointInput, CloseWaitpointInput, CreateRunInput, FinishRunInput, NodeRunInput, OpenWaitpointInput, RunEventInput } from "./inputs";
export { CANCEL_REQUESTED, claimLease, leaseOwnerOf, releaseLease, renewLease, requestCancel } from "./leases";
export { findVersionOrCreate } from "./versions";
