"use client";
/** A run's page, live: the read-only canvas of the run's workflow version and the run panel. */
import { useCallback, useState } from "react";
import Link from "next/link";
import { ChevronLeft } from "lucide-react";
import { RunCanvas } from "@/components/runs/RunCanvas";
import { RunPanel } from "@/components/runs/RunPanel";
import { RerunButtons } from "@/components/runs/RerunButtons";
import type { RunStatus } from "@/components/runs/run-view-model";
import { useRunLive } from "@/components/runs/use-run-view";
import { useTriggerRun } from "@/components/runs/use-trigger-run";
import type { Catalog } from "@/lib/workflows/catalog-types";
import type { WorkflowDefinition } from "@/lib/workflows/definition-types";
import { nodeRunDetailAction } from "@/app/(app)/workflows/[id]/run-actions";

type Props = {
  runId: string;
  status: RunStatus;
  runtime: string;
  workflowId: string | null;
  workflowName: string;
  definition: WorkflowDefinition;
  catalog: Catalog;
  /** A child run (spec 4.1): the run and node that called it. */
  parent?: { runId: string; nodeId: string | null } | null;
  /** What the member's role allows here: run (cancel, re-run, approve) and share publicly (edit). */
  canRun: boolean;
  canShare: boolean;
  /** The slug of the run's workspace (names of the workflows its nodes call). */
  workspace?: string;
};

export function RunScreen(p: Props) {
  const [selected, setSelected] = useState<string | null>(null);
  const [nodeIds] = useState(() => p.definition.nodes.map((n) => n.id));
  const { view, dispatch, connection } = useRunLive(p.runId, nodeIds, p.status);
  // A run on Trigger.dev is also followed through its realtime metadata and LLM stream (SSE still replays run_events).
  useTriggerRun(p.runId, p.runtime === "trigger.dev", view, dispatch);
  const cancel = useCallback(async () => {
    await fetch(`/api/runs/${encodeURIComponent(p.runId)}/cancel`, { method: "POST", headers: { "content-type": "application/json" } });
  }, [p.runId]);
  return (
    <div className="flex h-full min-h-0 flex-col">
      <header className="flex h-12 shrink-0 items-center gap-3 border-b border-zinc-200 bg-white px-4">
        {p.workflowId ? (
          <Link href={`/workflows/${p.workflowId}`} className="flex min-w-0 max-w-[45%] shrink-0 items-center gap-1 rounded-md px-1.5 py-1 text-[13px] font-medium text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900">
            <ChevronLeft className="h-4 w-4 shrink-0" aria-hidden /> <span className="truncate">{p.workflowName}</span>
          </Link>
        ) : (
          <span className="text-[13px] font-medium text-zinc-600">{p.workflowName}</span>
        )}
        <span className="text-zinc-300">/</span>
        <h1 className="min-w-0 truncate font-mono text-[13px] font-semibold text-zinc-900">{p.runId}</h1>
        {p.parent && (
          <Link href={`/runs/${p.parent.runId}`} data-testid="parent-run-link" className="shrink-0 rounded-full bg-indigo-50 px-2 py-0.5 text-[11px] font-medium text-indigo-700 ring-1 ring-indigo-100 hover:bg-indigo-100">
            Called by {p.parent.nodeId ? `node ${p.parent.nodeId} of ` : ""}run {p.parent.runId.slice(0, 12)}…
          </Link>
        )}
        <span className="ml-auto shrink-0 rounded-full bg-zinc-100 px-2 py-0.5 text-[11px] font-medium text-zinc-500 max-lg:hidden">Read-only: the version this run used</span>
        {p.workflowId && p.canRun && <RerunButtons runId={p.runId} status={view?.status ?? p.status} />}
      </header>
      <div className="flex min-h-0 flex-1 max-sm:flex-col">
        <RunCanvas definition={p.definition} catalog={p.catalog} view={view} onSelect={setSelected} workflowId={p.workflowId ?? ""} workspace={p.workspace} />
        <RunPanel view={view} definition={p.definition} selectedNodeId={selected} onCancel={p.canRun ? cancel : undefined} loadDetail={nodeRunDetailAction} ownerControls={p.canRun} shareControls={p.canShare} connection={connection} />
      </div>
    </div>
  );
}
