"use client";
/** Toolbar buttons of the version history: "Save version" (also Ctrl/Cmd+S) and the History panel toggle. */
import { useEffect, useEffectEvent, useState } from "react";
import { BookmarkPlus, GitCommitVertical, LoaderCircle } from "lucide-react";
import type { WorkflowDefinition } from "@/lib/workflows/definition-types";
import type { SaveFailure } from "@/lib/workflows/save-result";
import { useWorkflowEditor } from "./editor-context";
import { isSaveShortcut, savedMessage } from "./history-model";

export type SaveVersion = (definition: WorkflowDefinition, baseRevision: number) => Promise<{ ok: true; version: number; created: boolean; revision: number } | SaveFailure>;

type Props = { onSaveVersion: SaveVersion; onSaved: () => void; historyOpen: boolean; onToggleHistory: () => void };

const errorText = (e: unknown) => (e instanceof Error ? e.message : "The server didn't answer.");

export function HistoryControls({ onSaveVersion, onSaved, historyOpen, onToggleHistory }: Props) {
  const { runSave } = useWorkflowEditor();
  const [state, setState] = useState<{ busy: boolean; message: string | null; failed: boolean }>({ busy: false, message: null, failed: false });

  const save = async () => {
    if (state.busy) return;
    setState({ busy: true, message: null, failed: false });
    try {
      // Through the autosave queue: the draft it stores is based on the revision the last save left.
      if (!runSave) throw new Error("This canvas is read-only.");
      const result = await runSave(onSaveVersion);
      if (result.ok) {
        setState({ busy: false, message: savedMessage(result.version, result.created), failed: false });
        onSaved();
      } else setState({ busy: false, message: result.error, failed: true });
    } catch (e) {
      setState({ busy: false, message: errorText(e), failed: true });
    }
  };

  const onKey = useEffectEvent((e: KeyboardEvent) => {
    if (!isSaveShortcut(e)) return;
    e.preventDefault(); // not the browser's "save page"
    void save();
  });
  useEffect(() => {
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  return (
    <>
      {state.message && (
        <span role="status" data-testid="version-status" className={`max-w-56 truncate text-xs ${state.failed ? "font-medium text-red-600" : "text-zinc-500"}`} title={state.message}>
          {state.message}
        </span>
      )}
      <button
        type="button"
        onClick={() => void save()}
        disabled={state.busy}
        title="Save version (Ctrl+S)"
        className="flex h-8 items-center gap-1.5 rounded-lg px-2.5 text-[13px] font-medium text-zinc-700 ring-1 ring-zinc-200 hover:bg-zinc-50 disabled:opacity-60"
      >
        {state.busy ? <LoaderCircle className="h-3.5 w-3.5 animate-spin" aria-hidden /> : <BookmarkPlus className="h-3.5 w-3.5" aria-hidden />} Save version
      </button>
      <button
        type="button"
        onClick={onToggleHistory}
        aria-pressed={historyOpen}
        className={`flex h-8 items-center gap-1.5 rounded-lg px-2.5 text-[13px] font-medium ring-1 ${historyOpen ? "bg-zinc-900 text-white ring-zinc-900" : "text-zinc-700 ring-zinc-200 hover:bg-zinc-50"}`}
      >
        <GitCommitVertical className="h-3.5 w-3.5" aria-hidden /> History
      </button>
    </>
  );
}
