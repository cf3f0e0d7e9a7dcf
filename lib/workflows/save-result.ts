// What the editor's save actions answer, shared by the server actions and the editor (no server imports).
import { WORKFLOW_GONE } from "./definition-schema";
import type { WriteOutcome } from "./save-definition";

/** The editor's words for a stale save (another tab, the REST API or a rename wrote first). */
export const CHANGED_ELSEWHERE = "Changed elsewhere — reload or overwrite";

/** `conflict.revision`: the current revision; saving again based on it overwrites. */
export type SaveFailure = { ok?: false; error: string; conflict?: { revision: number } };
export type SaveDefinitionResult = { ok: true; revision: number } | SaveFailure;

export function saveFailure(outcome: Exclude<WriteOutcome, { ok: true }>): SaveFailure {
  return outcome.reason === "gone" ? { error: WORKFLOW_GONE } : { error: CHANGED_ELSEWHERE, conflict: { revision: outcome.revision } };
}
