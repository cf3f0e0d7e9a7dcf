// What the editor's save actions answer, shared by the server actions and the editor (no server imports).
import { WORKFLOW_GONE } from "./definition-schema";
import type { WriteOutcome } from "./save-definition";

/** The editor's words for a stale save (another tab, the REST API or a rename wrote first). */
export const CHANGED_ELSEWHERE = "Changed elsewhere — reload or overwrite";

/** `conflict.revision`: the current revision; saving again based on it overwrites. */
export type SaveFailure = { ok?: false; error: string; conflict?: { revision: number } };
export type SaveDefinitionResult = { ok: true; revision: number } | SaveFailure;

export function saveFailure(outcome: Exclude<WriteOutcome, { ok: true }>): SaveFailure {
  if (outcome.reason === "gone") return { error: WORKFLOW_GONE };
  if (outcome.reason === "forbidden") return { error: outcome.message };
  return { error: CHANGED_ELSEWHERE, conflict: { revision: outcome.revision } };
}

/** Why a rename or delete did not happen, when it is not "gone" (a role that can't edit). */
export const saveRefusal = (outcome: { ok: false; reason: string; message?: string }): string | null => (outcome.reason === "forbidden" ? (outcome.message ?? null) : null);
