import type { RunStatus } from "./run-view-types";

export const TERMINAL_STATUSES: ReadonlySet<RunStatus> = new Set(["completed", "failed", "cancelled"]);
export const isTerminal = (status: RunStatus) => TERMINAL_STATUSES.has(status);
