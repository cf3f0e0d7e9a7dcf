"use client";
/**
 * The version history panel: the workflow's saved versions, newest first. Selecting one shows it
 * read-only over the canvas; "Restore" puts it in the draft as one undo step (autosave follows).
 */
import { useEffect, useState } from "react";
import { LoaderCircle, Play, RotateCcw, X } from "lucide-react";
import type { WorkflowDefinition } from "@/lib/workflows/definition-types";
import { useWorkflowEditor } from "./editor-context";
import { versionItems, type VersionItem, type VersionListRow } from "./history-model";

export type VersionPreview = { id: string; version: number; definition: WorkflowDefinition };

type Props = {
  listVersions: () => Promise<VersionListRow[] | { error: string }>;
  loadVersion: (versionId: string) => Promise<{ version: number; definition: WorkflowDefinition } | { error: string }>;
  /** Changes when a version was saved: the list reloads. */
  refreshKey: number;
  preview: VersionPreview | null;
  onPreview: (preview: VersionPreview | null) => void;
  onClose: () => void;
};

export function HistoryPanel({ listVersions, loadVersion, refreshKey, preview, onPreview, onClose }: Props) {
  const { restoreDefinition } = useWorkflowEditor();
  const [items, setItems] = useState<VersionItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [opening, setOpening] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    listVersions().then(
      (rows) => {
        if (!live) return;
        if ("error" in rows) setError(rows.error);
        else {
          setItems(versionItems(rows));
          setError(null);
        }
      },
      () => live && setError("The versions could not be loaded."),
    );
    return () => {
      live = false;
    };
  }, [listVersions, refreshKey]);

  const open = async (item: VersionItem) => {
    if (preview?.id === item.id) return onPreview(null);
    setOpening(item.id);
    try {
      const loaded = await loadVersion(item.id);
      if ("error" in loaded) setError(loaded.error);
      else onPreview({ id: item.id, version: loaded.version, definition: loaded.definition });
    } catch {
      setError("The version could not be loaded.");
    } finally {
      setOpening(null);
    }
  };

  const restore = () => {
    if (!preview || !restoreDefinition) return;
    restoreDefinition(preview.definition);
    onPreview(null);
  };

  return (
    <aside className="flex w-full shrink-0 flex-col border-t border-zinc-200 bg-white max-sm:max-h-[55%] sm:w-80 sm:border-l sm:border-t-0" data-testid="history-panel" aria-label="Version history">
      <div className="flex h-11 shrink-0 items-center justify-between border-b border-zinc-200 px-3">
        <h2 className="text-sm font-semibold text-zinc-900">Version history</h2>
        <button type="button" onClick={onClose} aria-label="Close history" className="rounded-md p-1 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900">
          <X className="h-4 w-4" />
        </button>
      </div>
      {preview && (
        <div className="flex items-center gap-2 border-b border-indigo-100 bg-indigo-50 px-3 py-2 text-xs text-indigo-900">
          <span className="min-w-0 flex-1">Viewing version {preview.version} (read-only)</span>
          <button type="button" onClick={restore} className="flex items-center gap-1 rounded-md bg-indigo-600 px-2 py-1 font-medium text-white hover:bg-indigo-500">
            <RotateCcw className="h-3 w-3" aria-hidden /> Restore
          </button>
          <button type="button" onClick={() => onPreview(null)} className="rounded-md px-2 py-1 font-medium text-indigo-700 hover:bg-indigo-100">
            Back to draft
          </button>
        </div>
      )}
      <div className="min-h-0 flex-1 overflow-y-auto">
        {error && <p className="m-3 rounded-md bg-red-50 px-3 py-2 text-xs text-red-700" role="alert">{error}</p>}
        {!items && !error && <p className="p-3 text-xs text-zinc-500">Loading versions…</p>}
        {items?.length === 0 && <p className="p-3 text-xs text-zinc-500">No versions yet. Save one with “Save version” (Ctrl+S); every run also keeps the version it ran.</p>}
        <ul className="divide-y divide-zinc-100" aria-label="Versions">
          {items?.map((item) => (
            <li key={item.id}>
              <button
                type="button"
                onClick={() => void open(item)}
                aria-current={preview?.id === item.id}
                data-testid={`version-${item.version}`}
                className={`flex w-full items-start gap-2 px-3 py-2 text-left text-sm hover:bg-zinc-50 ${preview?.id === item.id ? "bg-indigo-50" : ""}`}
              >
                <span className="min-w-0 flex-1">
                  <span className="block font-medium text-zinc-900">{item.title}</span>
                  <span className="block text-xs text-zinc-500" title={item.at}>{item.when}</span>
                </span>
                {opening === item.id && <LoaderCircle className="mt-0.5 h-3.5 w-3.5 animate-spin text-zinc-400" aria-hidden />}
                {item.runs && (
                  <span className="mt-0.5 flex shrink-0 items-center gap-1 rounded-full bg-zinc-100 px-2 py-0.5 text-[11px] text-zinc-600">
                    <Play className="h-2.5 w-2.5" aria-hidden /> {item.runs}
                  </span>
                )}
              </button>
            </li>
          ))}
        </ul>
      </div>
    </aside>
  );
}
