/** The editor's save indicator, derived from what is saved and what is happening, never from a sticky flag. */
import { CHANGED_ELSEWHERE } from "@/lib/workflows/save-result";
import type { SaveStatus } from "./editor-context";

export type SaveFacts = {
  /** The draft as it is now. */
  json: string;
  /** The draft as the server last accepted it. */
  savedJson: string;
  /** A save request is on its way. */
  inFlight: boolean;
  /** The last save that failed: which draft it tried and why. */
  failure?: { json: string; message: string } | null;
  /** The server refused a save: the workflow was written elsewhere since this draft's base revision. */
  conflict?: boolean;
};

export function saveStatusOf(facts: SaveFacts): SaveStatus {
  // Until reloaded or overwritten, whatever the draft: the stored workflow is not what this tab last saw.
  if (facts.conflict) return { state: "conflict", message: CHANGED_ELSEWHERE };
  // Nothing unsaved (including an edit undone before autosave fired): saved, whatever happened before.
  if (facts.json === facts.savedJson && !facts.inFlight) return { state: "saved" };
  if (facts.inFlight) return { state: "saving" };
  if (facts.failure && facts.failure.json === facts.json) return { state: "failed", message: facts.failure.message };
  // Unsaved edits waiting for the debounce: autosave will pick them up.
  return { state: "saving" };
}
