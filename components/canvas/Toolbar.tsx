"use client";
import { useRef, useState, type ReactNode } from "react";
import {
  CircleAlert, CircleCheck, ClipboardPaste, Copy, Download, LoaderCircle, Maximize, Network, Redo2, Trash2, Undo2, Upload, Keyboard } from "lucide-react";
import type { SaveStatus } from "./editor-context";

const isMac = () => typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);

function ToolButton(props: { label: string; keys?: string; onClick: () => void; disabled?: boolean; children: ReactNode }) {
  const title = props.keys ? `${props.label} (${props.keys.replace("Mod", isMac() ? "⌘" : "Ctrl")})` : props.label;
  return (
    <button
      type="button"
      onClick={props.onClick}
      disabled={props.disabled}
      title={title}
      aria-label={props.label}
      className="flex h-8 w-8 items-center justify-center rounded-md text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 disabled:pointer-events-none disabled:opacity-35"
    >
      {props.children}
    </button>
  );
}

const Divider = () => <div className="mx-1 h-5 w-px bg-zinc-200" aria-hidden />;

export function SaveIndicator({ status }: { status: SaveStatus }) {
  if (status.state === "saving")
    return (
      <span className="flex items-center gap-1.5 text-xs text-zinc-500" role="status" data-testid="save-status">
        <LoaderCircle className="h-3.5 w-3.5 animate-spin" aria-hidden /> Saving…
      </span>
    );
  if (status.state === "conflict")
    return (
      <span className="flex items-center gap-1.5 whitespace-nowrap text-xs font-medium text-amber-700" role="status" title="Not saved: this workflow was saved elsewhere" data-testid="save-status">
        <CircleAlert className="h-3.5 w-3.5" aria-hidden /> Changed elsewhere
      </span>
    );
  if (status.state === "failed")
    return (
      <span className="flex items-center gap-1.5 text-xs font-medium text-red-600" role="status" title={status.message} data-testid="save-status">
        <CircleAlert className="h-3.5 w-3.5" aria-hidden /> Save failed{status.message ? `: ${status.message}` : ""}
      </span>
    );
  return (
    <span className="flex items-center gap-1.5 text-xs text-zinc-500" role="status" data-testid="save-status">
      <CircleCheck className="h-3.5 w-3.5 text-emerald-500" aria-hidden /> Saved
    </span>
  );
}

export type ToolbarProps = {
  name: string;
  onRename: (name: string) => void;
  saveStatus: SaveStatus;
  problemCount: number;
  problemsOpen: boolean;
  onToggleProblems: () => void;
  canUndo: boolean;
  canRedo: boolean;
  hasSelection: boolean;
  canPaste: boolean;
  onUndo: () => void;
  onRedo: () => void;
  onCopy: () => void;
  onPaste: () => void;
  onDelete: () => void;
  onLayout: () => void;
  onFit: () => void;
  onExport: () => void;
  onImportFile: (file: File) => void;
  slot?: ReactNode;
  /** Opens the sheet of keyboard shortcuts (also `?`). */
  onShortcuts?: () => void;
};

export function Toolbar(p: ToolbarProps) {
  const file = useRef<HTMLInputElement>(null);
  const [draftName, setDraftName] = useState<string | null>(null);
  const commitName = () => {
    if (draftName !== null && draftName.trim() !== "" && draftName !== p.name) p.onRename(draftName.trim());
    setDraftName(null);
  };
  return (
    <header className="flex h-12 shrink-0 items-center gap-3 overflow-x-auto border-b border-zinc-200 bg-white px-3">
      <input
        value={draftName ?? p.name}
        onChange={(e) => setDraftName(e.target.value)}
        onBlur={commitName}
        onKeyDown={(e) => e.key === "Enter" && (e.currentTarget as HTMLInputElement).blur()}
        aria-label="Workflow name"
        className="w-56 truncate rounded-md border border-transparent px-2 py-1 text-sm font-semibold text-zinc-900 hover:border-zinc-200 focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/20"
      />
      <SaveIndicator status={p.saveStatus} />
      <div className="ml-auto flex items-center">
        <ToolButton label="Undo" keys="Mod+Z" onClick={p.onUndo} disabled={!p.canUndo}><Undo2 className="h-4 w-4" /></ToolButton>
        <ToolButton label="Redo" keys="Shift+Mod+Z" onClick={p.onRedo} disabled={!p.canRedo}><Redo2 className="h-4 w-4" /></ToolButton>
        <Divider />
        <ToolButton label="Copy" keys="Mod+C" onClick={p.onCopy} disabled={!p.hasSelection}><Copy className="h-4 w-4" /></ToolButton>
        <ToolButton label="Paste" keys="Mod+V" onClick={p.onPaste} disabled={!p.canPaste}><ClipboardPaste className="h-4 w-4" /></ToolButton>
        <ToolButton label="Delete" keys="Delete" onClick={p.onDelete} disabled={!p.hasSelection}><Trash2 className="h-4 w-4" /></ToolButton>
        <Divider />
        <ToolButton label="Auto-layout" onClick={p.onLayout}><Network className="h-4 w-4 -rotate-90" /></ToolButton>
        <ToolButton label="Fit view" onClick={p.onFit}><Maximize className="h-4 w-4" /></ToolButton>
        <Divider />
        <ToolButton label="Import JSON" onClick={() => file.current?.click()}><Upload className="h-4 w-4" /></ToolButton>
        <ToolButton label="Export JSON" onClick={p.onExport}><Download className="h-4 w-4" /></ToolButton>
        {p.onShortcuts && <ToolButton label="Keyboard shortcuts" keys="?" onClick={p.onShortcuts}><Keyboard className="h-4 w-4" /></ToolButton>}
        <input
          ref={file}
          type="file"
          accept="application/json,.json"
          className="hidden"
          data-testid="import-file"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) p.onImportFile(f);
            e.target.value = "";
          }}
        />
        <Divider />
        <button
          type="button"
          onClick={p.onToggleProblems}
          aria-expanded={p.problemsOpen}
          data-testid="problem-count"
          className={`ml-1 flex h-8 items-center gap-1.5 rounded-full px-3 text-xs font-medium ${
            p.problemCount > 0 ? "bg-red-50 text-red-700 ring-1 ring-red-200 hover:bg-red-100" : "bg-emerald-50 text-emerald-700 ring-1 ring-emerald-200"
          }`}
        >
          {p.problemCount > 0 ? <CircleAlert className="h-3.5 w-3.5" /> : <CircleCheck className="h-3.5 w-3.5" />}
          {p.problemCount > 0 ? `${p.problemCount} problem${p.problemCount === 1 ? "" : "s"}` : "No problems"}
        </button>
        {p.slot && <div className="ml-2 flex items-center gap-2">{p.slot}</div>}
      </div>
    </header>
  );
}
