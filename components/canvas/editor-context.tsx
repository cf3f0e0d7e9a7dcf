"use client";
/**
 * What every part of the editor reads without prop drilling: the catalog, the
 * current problems and the editing actions. `useWorkflowEditor()` is public so
 * later toolbar additions (the Run button) can read `hasProblems`.
 */
import { createContext, useContext } from "react";
import type { CatalogEntry, Problem } from "@/lib/workflows/catalog-types";
import type { DefinitionNode, WorkflowDefinition } from "@/lib/workflows/definition-types";
import type { ProblemIndex } from "@/lib/workflows/problem-paths";
import type { PinnedOutputs } from "@/lib/workflows/pins";
import type { SaveDefinitionResult } from "@/lib/workflows/save-result";

export type SaveStatus = { state: "saved" | "saving" | "failed" | "conflict"; message?: string };
/** Sends a write of the draft as it is now, after any save in flight, based on the revision the last one left. */
export type RunSave = <R extends SaveDefinitionResult>(write: (definition: WorkflowDefinition, baseRevision: number) => Promise<R>) => Promise<R>;

export type EditorApi = {
  workflowId: string;
  /** The slug of the workflow's workspace: pickers list that workspace's workflows. */
  workspace?: string;
  catalog: ReadonlyMap<string, CatalogEntry>;
  definition: WorkflowDefinition;
  problems: readonly Problem[];
  problemIndex: ProblemIndex;
  /** True while the last validation reported any problem: runs must be refused. */
  hasProblems: boolean;
  saveStatus: SaveStatus;
  /** Another write of the draft (Save version), queued with autosave and based on the current revision. */
  runSave?: RunSave;
  updateNode(id: string, change: (node: DefinitionNode) => DefinitionNode): void;
  /** Renames a node; returns why not, or null when done. */
  renameNode(from: string, to: string): string | null;
  /** Replaces the whole draft (restoring a saved version) as one undo step; absent on read-only canvases. */
  restoreDefinition?(definition: WorkflowDefinition): void;
  /** Sets the workflow's run inputs schema (the trigger's inputs form); undefined removes it. */
  setInputs?(schema: Record<string, unknown> | undefined): void;
  /** Sample data pinned per node (Test this node); absent on read-only canvases. */
  pins?: PinnedOutputs;
  /** The pins as the server now has them (after a pin or unpin). */
  setPins?(pins: PinnedOutputs): void;
};

export const EditorContext = createContext<EditorApi | null>(null);

export function useWorkflowEditor(): EditorApi {
  const api = useContext(EditorContext);
  if (!api) throw new Error("useWorkflowEditor() must be used inside <WorkflowEditor>.");
  return api;
}
