"use client";
/** The run panel, docked right of the canvas: status, progress, waiting approvals, timeline, node I/O, outputs, history. */
import { useState, type ReactNode } from "react";
import Link from "next/link";
import { ExternalLink, Hourglass, PanelRightClose, PanelRightOpen, Square, X } from "lucide-react";
import type { WorkflowDefinition } from "@/lib/workflows/definition-types";
import { JsonTree } from "./JsonTree";
import { NodeRunDetails, type LoadNodeDetail } from "./NodeRunDetails";
import { RunProgress, RunStatusPill } from "./run-status";
import { RunTimeline } from "./RunTimeline";
import { formatDuration, isTerminal, type RunView } from "./run-view-model";
import { ChildWaits, ShareControl, useWaitpointLinks, WaitpointControls } from "./RunApprovals";
import { LivePreview } from "./LivePreview";
import { formatUsage, runUsageOf } from "./run-usage";
import { ConnectionBanner } from "./ConnectionBanner";
import type { RunConnection } from "./use-run-view";
import { reportsModelUsage } from "@/lib/engine/llm/prices";

type Tab = "timeline" | "node" | "outputs" | "history";

export type RunPanelProps = {
  view: RunView | null;
  definition: WorkflowDefinition;
  selectedNodeId: string | null;
  onSelectNode?: (id: string) => void;
  onClose?: () => void;
  onCancel?: () => Promise<void>;
  loadDetail?: LoadNodeDetail;
  /** The run history list (editor only). */
  history?: ReactNode;
  /** Link to the run's own page (editor only). */
  showRunLink?: boolean;
  /** A member's approval links and decisions (issue 6; runners and above); off on share pages. */
  ownerControls?: boolean;
  /** The public share switch (editors and above). */
  shareControls?: boolean;
  /** The live connection: a banner while it is lost. */
  connection?: RunConnection;
  /** Run from here (editor only): a new run from this node on; resolves with why not, or null. */
  onRunFrom?: (nodeId: string) => Promise<string | null>;
};

/** What a waiting step waits for, by its waitpoint's kind. */
const WAIT_LABEL: Record<string, string> = { approval: "Approval", human_input: "Input", workflow: "Sub-workflow" };

export function RunPanel(p: RunPanelProps) {
  const [tab, setTab] = useState<Tab>(p.view ? "timeline" : "history");
  const [collapsed, setCollapsed] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  // Selecting a node on the canvas shows its details.
  const [seenSelection, setSeenSelection] = useState(p.selectedNodeId);
  if (seenSelection !== p.selectedNodeId) {
    setSeenSelection(p.selectedNodeId);
    if (p.selectedNodeId && p.view) setTab("node");
  }
  const owned = useWaitpointLinks(p.ownerControls ? (p.view?.runId ?? "") : "", p.view?.waiting.map((w) => w.waitpointId).join(",") ?? "", p.view?.waiting.some((w) => w.kind === "workflow") ?? false);
  const [seenRun, setSeenRun] = useState(p.view?.runId);
  if (seenRun !== p.view?.runId) {
    setSeenRun(p.view?.runId);
    if (p.view) setTab("timeline");
  }

  if (collapsed) {
    return (
      <aside className="flex w-11 shrink-0 flex-col items-center gap-3 border-l border-zinc-200 bg-white py-3" aria-label="Run panel (collapsed)">
        <button type="button" onClick={() => setCollapsed(false)} aria-label="Expand run panel" title="Expand run panel" className="rounded-md p-1.5 text-zinc-500 hover:bg-zinc-100"><PanelRightOpen className="h-4 w-4" /></button>
        {p.view && <span className={`h-2.5 w-2.5 rounded-full ${p.view.status === "completed" ? "bg-emerald-500" : p.view.status === "failed" ? "bg-red-500" : p.view.status === "paused" ? "bg-violet-500" : isTerminal(p.view.status) ? "bg-zinc-400" : "animate-pulse bg-sky-500"}`} aria-label={p.view.status} />}
      </aside>
    );
  }

  const view = p.view;
  const llmNodes = new Set(p.definition.nodes.filter((n) => reportsModelUsage(n.type)).map((n) => n.id));
  const usage = view ? runUsageOf(view, (id) => llmNodes.has(id)) : null;
  const tabs: { id: Tab; label: string }[] = [
    ...(view ? [{ id: "timeline" as const, label: "Timeline" }, { id: "node" as const, label: "Node" }, { id: "outputs" as const, label: "Outputs" }] : []),
    ...(p.history ? [{ id: "history" as const, label: "History" }] : []),
  ];
  const current = tabs.some((t) => t.id === tab) ? tab : tabs[0]?.id;
  const cancel = async () => {
    if (!p.onCancel) return;
    setCancelling(true);
    try {
      await p.onCancel();
    } finally {
      setCancelling(false);
    }
  };

  return (
    <aside className="flex w-full shrink-0 flex-col overflow-hidden border-t border-zinc-200 bg-white max-sm:max-h-[55%] sm:w-[380px] sm:border-l sm:border-t-0" aria-label="Run" data-testid="run-panel">
      <ConnectionBanner connection={p.connection} />
      <div className="border-b border-zinc-200 px-4 pb-3 pt-3">
        <div className="flex items-center gap-2">
          {view ? <RunStatusPill status={view.status} /> : <span className="text-[13px] font-semibold text-zinc-900">Runs</span>}
          {view && (
            <span className="font-mono text-[11.5px] text-zinc-500" data-testid="run-duration">
              {view.durationMs !== undefined ? formatDuration(view.durationMs) : ""}
            </span>
          )}
          <div className="ml-auto flex items-center gap-0.5">
            {view && p.onCancel && !isTerminal(view.status) && (
              <button type="button" onClick={() => void cancel()} disabled={cancelling} className="mr-1 flex items-center gap-1 rounded-md px-2 py-1 text-[12px] font-medium text-red-600 ring-1 ring-red-200 hover:bg-red-50 disabled:opacity-50">
                <Square className="h-3 w-3 fill-current" aria-hidden /> {cancelling ? "Cancelling…" : "Cancel"}
              </button>
            )}
            {view && p.showRunLink && (
              <Link href={`/runs/${view.runId}`} className="rounded-md p-1.5 text-zinc-500 hover:bg-zinc-100" title="Open the run's page" aria-label="Open the run's page"><ExternalLink className="h-4 w-4" /></Link>
            )}
            <button type="button" onClick={() => setCollapsed(true)} className="rounded-md p-1.5 text-zinc-500 hover:bg-zinc-100" title="Collapse" aria-label="Collapse run panel"><PanelRightClose className="h-4 w-4" /></button>
            {p.onClose && <button type="button" onClick={p.onClose} className="rounded-md p-1.5 text-zinc-500 hover:bg-zinc-100" title="Back to editing" aria-label="Close run panel"><X className="h-4 w-4" /></button>}
          </div>
        </div>
        {view && <code className="mt-1 block truncate font-mono text-[11px] text-zinc-400">{view.runId}</code>}
        {view && <div className="mt-3"><RunProgress view={view} /></div>}
        {usage && (
          <p className="mt-1.5 text-[11.5px] text-zinc-600" data-testid="run-usage" title={`${usage.inputTokens} input + ${usage.outputTokens} output tokens over ${usage.calls} LLM call(s)`}>
            LLM usage: <span className="font-medium text-zinc-900">{formatUsage(usage)}</span>
          </p>
        )}
        {view && p.ownerControls && p.shareControls && <ShareControl runId={view.runId} shared={owned.shared} embeddable={owned.embeddable} />}
        {view?.error && view.status === "failed" && (
          <p className="mt-3 rounded-lg bg-red-50 px-3 py-2 text-[12px] text-red-700" role="alert">
            <span className="font-semibold">{view.error.nodeId}:</span> {view.error.message}
          </p>
        )}
      </div>
      {view && view.waiting.length > 0 && (
        <div className="border-b border-violet-100 bg-violet-50/60 px-4 py-3" data-testid="run-waiting">
          <h3 className="mb-2 flex items-center gap-1.5 text-[12px] font-semibold text-violet-800"><Hourglass className="h-3.5 w-3.5" aria-hidden /> Waiting for people</h3>
          <ul className="space-y-1.5">
            {view.waiting.map((w) => (
              <li key={w.waitpointId} className="rounded-lg bg-white px-2.5 py-2 text-[12px] ring-1 ring-violet-100">
                <div className="flex items-center gap-2">
                <span className="min-w-0 flex-1">
                  <span className="font-semibold text-zinc-800">{WAIT_LABEL[w.kind] ?? "Input"}</span> at <code className="font-mono text-[11px]">{w.nodeId}</code>
                  {w.expiresAt !== undefined && <span className="block text-[11px] text-zinc-500">expires {new Date(w.expiresAt).toLocaleString()}</span>}
                </span>
                {w.url && <a href={w.url} target="_blank" rel="noreferrer" className="shrink-0 rounded-md bg-violet-600 px-2 py-1 text-[11px] font-semibold text-white hover:bg-violet-500">Open</a>}
                </div>
                {p.ownerControls && w.kind !== "workflow" && <WaitpointControls runId={view.runId} waitpointId={w.waitpointId} kind={w.kind} links={owned.links} />}
                {p.ownerControls && w.kind === "workflow" && <ChildWaits waits={owned.children.filter((c) => c.via === w.waitpointId)} links={owned.links} />}
              </li>
            ))}
          </ul>
        </div>
      )}
      {view && <LivePreview view={view} definition={p.definition} onSelectNode={p.onSelectNode} />}
      {tabs.length > 1 && (
        <div className="flex border-b border-zinc-200 px-2" role="tablist" aria-label="Run details">
          {tabs.map((t) => (
            <button key={t.id} type="button" role="tab" aria-selected={current === t.id} onClick={() => setTab(t.id)} className={`-mb-px border-b-2 px-3 py-2 text-[12.5px] font-medium ${current === t.id ? "border-indigo-600 text-zinc-900" : "border-transparent text-zinc-500 hover:text-zinc-800"}`}>
              {t.label}
            </button>
          ))}
        </div>
      )}
      <div className="min-h-0 flex-1 overflow-y-auto">
        {view && current === "timeline" && <RunTimeline view={view} onSelectNode={p.onSelectNode} />}
        {view && current === "node" && (
          <NodeRunDetails runId={view.runId} nodeId={p.selectedNodeId} node={p.definition.nodes.find((n) => n.id === p.selectedNodeId)} run={p.selectedNodeId ? view.nodes[p.selectedNodeId] : undefined} loadDetail={p.loadDetail} onRunFrom={p.onRunFrom} />
        )}
        {view && current === "outputs" && (
          <div className="px-4 py-3" data-testid="run-outputs">
            {view.outputs && Object.keys(view.outputs).length > 0 ? <JsonTree value={view.outputs} label="run outputs" /> : <p className="py-6 text-center text-[12.5px] text-zinc-500">{isTerminal(view.status) ? "This run produced no outputs." : "Outputs appear when the run ends."}</p>}
          </div>
        )}
        {current === "history" && p.history}
      </div>
    </aside>
  );
}
