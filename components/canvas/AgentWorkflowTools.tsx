"use client";
/**
 * The agent node's workflows-as-tools: the workflows of the workspace it may call, picked from a
 * list instead of typed as ids into the tools JSON. Each pick adds `{ kind: "workflow", workflow }`
 * to `config.tools` (the JSON field below shows the same array, for HTTP and MCP tools and for
 * renaming); the model sees the tool under the name shown here (lib/engine/llm/workflow-tool.ts).
 */
import { useState } from "react";
import Link from "next/link";
import { ExternalLink, Plus, Workflow, X } from "lucide-react";
import { toolNameOf } from "@/lib/engine/llm/workflow-tool";
import { Field } from "./ConfigFields";
import { inputClass } from "./TemplateField";
import { useWorkspaceWorkflows } from "./use-workspace-workflows";

type Props = { nodeId: string; config: Record<string, unknown>; onChange: (config: Record<string, unknown>) => void };

type WorkflowTool = { kind: "workflow"; workflow: string; name?: string };
const isWorkflowTool = (tool: unknown): tool is WorkflowTool =>
  !!tool && typeof tool === "object" && (tool as { kind?: unknown }).kind === "workflow" && typeof (tool as { workflow?: unknown }).workflow === "string";

export function AgentWorkflowTools({ nodeId, config, onChange }: Props) {
  const { listed, failed } = useWorkspaceWorkflows();
  const [choice, setChoice] = useState("");
  const tools = Array.isArray(config.tools) ? (config.tools as unknown[]) : [];
  const offered = tools.filter(isWorkflowTool);
  const offeredIds = new Set(offered.map((t) => t.workflow));
  const addable = listed?.filter((w) => !offeredIds.has(w.id)) ?? [];
  const setTools = (next: unknown[]) => onChange({ ...config, tools: next });
  const add = () => {
    if (!choice) return;
    setTools([...tools, { kind: "workflow", workflow: choice }]);
    setChoice("");
  };

  return (
    <div className="space-y-2.5" data-testid="agent-workflow-tools">
      {offered.length > 0 && (
        <ul className="space-y-1.5">
          {offered.map((tool) => {
            const workflow = listed?.find((w) => w.id === tool.workflow);
            const label = workflow?.name ?? (listed ? `${tool.workflow} (not in this workspace)` : tool.workflow);
            return (
              <li key={tool.workflow} className="flex items-center gap-2 rounded-lg bg-zinc-50 px-2.5 py-1.5 ring-1 ring-zinc-200" data-testid="agent-workflow-tool">
                <Workflow aria-hidden className="size-3.5 shrink-0 text-indigo-500" />
                <div className="min-w-0 flex-1">
                  <p className="truncate text-[12.5px] font-medium text-zinc-800">{label}</p>
                  {workflow && <p className="truncate font-mono text-[11px] text-zinc-500">{tool.name ?? toolNameOf(workflow.name, workflow.id)}</p>}
                </div>
                {workflow && (
                  <Link href={`/workflows/${workflow.id}`} target="_blank" aria-label={`Open ${workflow.name}`} title={`Open ${workflow.name}`} className="rounded p-1 text-zinc-400 hover:text-indigo-600">
                    <ExternalLink aria-hidden className="size-3.5" />
                  </Link>
                )}
                <button type="button" onClick={() => setTools(tools.filter((t) => t !== tool))} aria-label={`Remove the tool ${label}`} title="Remove" className="rounded p-1 text-zinc-400 hover:text-red-600">
                  <X aria-hidden className="size-3.5" />
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <Field label="Offer a workflow as a tool" htmlFor={`${nodeId}-workflow-tool`} hint={failed ? "Your workflows could not be listed; reopen the panel to try again." : "Each call runs the workflow as a child run, with its inputs as the tool's arguments."}>
        <div className="flex items-center gap-2">
          <select id={`${nodeId}-workflow-tool`} value={choice} onChange={(e) => setChoice(e.target.value)} className={inputClass} disabled={listed === null}>
            <option value="">{listed === null && !failed ? "Loading your workflows…" : addable.length > 0 ? "Choose a workflow" : "No other workflow to add"}</option>
            {addable.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
              </option>
            ))}
          </select>
          <button type="button" onClick={add} disabled={!choice} className="inline-flex shrink-0 items-center gap-1 rounded-md px-2.5 py-1.5 text-[12px] font-medium text-zinc-700 ring-1 ring-zinc-200 hover:text-indigo-600 hover:ring-indigo-300 disabled:opacity-50">
            <Plus aria-hidden className="size-3.5" />
            Add tool
          </button>
        </div>
      </Field>
    </div>
  );
}
