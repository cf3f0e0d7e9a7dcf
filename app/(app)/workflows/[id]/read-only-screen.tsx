"use client";
/**
 * The workflow page for a member whose role can't edit (runner, viewer): the workflow drawn
 * read-only, no Save, no palette. A runner gets a Run button. The server refuses a forged save
 * anyway (lib/workflows/save-definition.ts): this screen is for what the role may do.
 */
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Eye, Play } from "lucide-react";
import { RunCanvas } from "@/components/runs/RunCanvas";
import { Button } from "@/components/ui/button";
import { startRunAction } from "@/lib/runs/actions";
import type { Catalog } from "@/lib/workflows/catalog-types";
import type { WorkflowDefinition } from "@/lib/workflows/definition-types";

type Props = { workflowId: string; workspace: string; name: string; definition: WorkflowDefinition; catalog: Catalog; role: string; canRun: boolean };

export function ReadOnlyScreen(p: Props) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const run = () =>
    startTransition(async () => {
      setError(null);
      const started = await startRunAction(p.workflowId, {});
      if ("error" in started) setError(started.error);
      else router.push(`/runs/${started.runId}`);
    });
  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div className="flex flex-wrap items-center gap-3 border-b border-zinc-200 bg-white px-4 py-2.5">
        <h2 className="truncate text-sm font-semibold text-zinc-900">{p.name}</h2>
        <span className="inline-flex items-center gap-1.5 rounded-full bg-zinc-100 px-2.5 py-0.5 text-xs font-medium text-zinc-600" data-testid="read-only-badge">
          <Eye aria-hidden className="size-3.5" />
          View only: your role is {p.role}
        </span>
        {error && (
          <p role="alert" className="text-sm text-red-600">
            {error}
          </p>
        )}
        {p.canRun && (
          <Button size="sm" className="ml-auto" onClick={run} disabled={pending} data-testid="read-only-run">
            <Play aria-hidden className="size-4" />
            {pending ? "Starting…" : "Run"}
          </Button>
        )}
      </div>
      <div className="flex min-h-0 flex-1">
        <RunCanvas definition={p.definition} catalog={p.catalog} view={null} onSelect={() => {}} workflowId={p.workflowId} workspace={p.workspace} />
      </div>
    </div>
  );
}
