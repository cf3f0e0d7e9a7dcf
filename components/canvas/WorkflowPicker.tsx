"use client";
/**
 * The `workflow` node's settings: which of your workflows to run (GET /api/workflows lists them
 * with their inputs schemas), its inputs as one field per input the child declares (templates
 * allowed), and whether to wait for it. A child without an inputs schema takes any JSON object.
 */
import Link from "next/link";
import { ExternalLink } from "lucide-react";
import type { JsonSchema } from "@/lib/workflows/catalog-types";
import type { Completion } from "@/lib/workflows/completions";
import { Field, SchemaFields } from "./ConfigFields";
import { JsonField } from "./JsonField";
import { inputClass } from "./TemplateField";
import { useWorkspaceWorkflows } from "./use-workspace-workflows";

type Props = {
  nodeId: string;
  /** The workflow being edited (it may call itself: recursion stops at depth 10). */
  workflowId: string;
  config: Record<string, unknown>;
  onChange: (config: Record<string, unknown>) => void;
  candidates: readonly Completion[];
  fieldProblems: Record<string, string[]>;
};

export function WorkflowPicker({ nodeId, workflowId, config, onChange, candidates, fieldProblems }: Props) {
  const { listed, failed } = useWorkspaceWorkflows();

  const selected = typeof config.workflow === "string" ? config.workflow : "";
  const child = listed?.find((w) => w.id === selected);
  const inputs = config.inputs && typeof config.inputs === "object" && !Array.isArray(config.inputs) ? (config.inputs as Record<string, unknown>) : {};
  const properties = Object.entries(child?.inputs?.properties ?? {});
  const set = (key: string, value: unknown) => {
    const next = { ...config };
    if (value === undefined) delete next[key];
    else next[key] = value;
    onChange(next);
  };

  return (
    <div className="space-y-3.5">
      <Field label="Workflow to run" htmlFor={`${nodeId}-workflow`} required problems={fieldProblems.workflow} hint={failed ? "Your workflows could not be listed; reopen the panel to try again." : undefined}>
        <div className="flex items-center gap-2">
          <select id={`${nodeId}-workflow`} value={selected} onChange={(e) => set("workflow", e.target.value)} className={inputClass} disabled={listed === null && !failed}>
            <option value="">{listed === null && !failed ? "Loading your workflows…" : "Choose a workflow"}</option>
            {listed?.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
                {w.id === workflowId ? " (this workflow)" : ""}
              </option>
            ))}
            {selected && listed && !child && <option value={selected}>{selected} (not one of yours)</option>}
          </select>
          {child && (
            <Link href={`/workflows/${child.id}`} target="_blank" aria-label={`Open ${child.name}`} title={`Open ${child.name}`} className="shrink-0 rounded-md p-1.5 text-zinc-500 ring-1 ring-zinc-200 hover:text-indigo-600">
              <ExternalLink className="h-3.5 w-3.5" aria-hidden />
            </Link>
          )}
        </div>
      </Field>
      {child && properties.length > 0 ? (
        <SchemaFields
          idPrefix={`${nodeId}-input`}
          schema={child.inputs as JsonSchema}
          value={inputs}
          onChange={(next) => set("inputs", Object.keys(next).length > 0 ? next : undefined)}
          candidates={() => candidates}
          rawLabels
        />
      ) : (
        <Field label="Inputs" htmlFor={`${nodeId}-inputs`} problems={fieldProblems.inputs} hint={child ? `${child.name} declares no inputs: any JSON object is passed as its run inputs.` : undefined}>
          <JsonField id={`${nodeId}-inputs`} value={config.inputs ?? {}} onChange={(value) => set("inputs", value)} />
        </Field>
      )}
      <label className="flex items-center justify-between gap-3">
        <span>
          <span className="block text-[12px] font-medium text-zinc-700">Wait for it to finish</span>
          <span className="block text-[11px] text-zinc-500">Off: the node goes on at once with the child&apos;s run id.</span>
        </span>
        <input type="checkbox" checked={config.wait !== false} onChange={(e) => set("wait", e.target.checked ? undefined : false)} className="h-4 w-4 rounded border-zinc-300 accent-indigo-600" aria-label="Wait for it to finish" />
      </label>
    </div>
  );
}
