"use client";
/** The shared run, live: the run view fed by the share link's own result and event stream. */
import { useMemo, useState } from "react";
import { Eye } from "lucide-react";
import { LogoMark } from "@/components/ui/logo";
import { RunCanvas } from "@/components/runs/RunCanvas";
import { RunPanel } from "@/components/runs/RunPanel";
import type { RunStatus } from "@/components/runs/run-view-model";
import { useRunLive } from "@/components/runs/use-run-view";
import type { Catalog } from "@/lib/workflows/catalog-types";
import type { WorkflowDefinition } from "@/lib/workflows/definition-types";

type Props = { token: string; runId: string; status: RunStatus; workflowName: string; definition: WorkflowDefinition; catalog: Catalog };

export function SharedRunScreen(p: Props) {
  const [selected, setSelected] = useState<string | null>(null);
  const [nodeIds] = useState(() => p.definition.nodes.map((n) => n.id));
  const source = useMemo(() => ({ result: `/api/share/${encodeURIComponent(p.token)}`, events: `/api/share/${encodeURIComponent(p.token)}/events` }), [p.token]);
  const { view, connection } = useRunLive(p.runId, nodeIds, p.status, source);
  return (
    <div className="fixed inset-0 flex flex-col bg-zinc-50">
      <header className="flex h-12 shrink-0 items-center gap-3 border-b border-zinc-200 bg-white px-4">
        <LogoMark className="size-6" />
        <h1 className="truncate text-[13.5px] font-semibold text-zinc-900" data-testid="shared-workflow-name">{p.workflowName}</h1>
        <code className="hidden truncate font-mono text-[12px] text-zinc-400 sm:block">{p.runId}</code>
        <span className="ml-auto flex items-center gap-1.5 rounded-full bg-zinc-100 px-2.5 py-1 text-[11.5px] font-medium text-zinc-600">
          <Eye className="h-3.5 w-3.5" aria-hidden /> Shared run · read-only
        </span>
      </header>
      <div className="flex min-h-0 flex-1 max-sm:flex-col">
        <RunCanvas definition={p.definition} catalog={p.catalog} view={view} onSelect={setSelected} workflowId="" />
        <RunPanel view={view} definition={p.definition} selectedNodeId={selected} connection={connection} />
      </div>
    </div>
  );
}
