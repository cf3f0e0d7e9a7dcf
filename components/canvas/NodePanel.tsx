"use client";
/** The side panel of the selected node: id, name, error port, retry, timeout, and its type's config. */
import { useMemo, useState } from "react";
import { TriangleAlert, X } from "lucide-react";
import { completionCandidates } from "@/lib/workflows/completions";
import type { DefinitionNode } from "@/lib/workflows/definition-types";
import { nodeIdProblem } from "@/lib/workflows/node-ids";
import { parseNumberField } from "@/lib/workflows/schema-form";
import { ConfigFields, Field } from "./ConfigFields";
import { useWorkflowEditor } from "./editor-context";
import { NodeIcon } from "./node-icons";
import { inputClass } from "./TemplateField";
import { WebhookSettings } from "./WebhookSettings";
import { InputsEditor } from "./InputsEditor";
import { NodeTest } from "./NodeTest";
import { WorkflowPicker } from "./WorkflowPicker";
import { MCP_PICKED, McpToolPicker } from "./McpToolPicker";
import { AgentWorkflowTools } from "./AgentWorkflowTools";

const Section = ({ title, children }: { title: string; children: React.ReactNode }) => (
  <section className="border-b border-zinc-100 px-4 py-4">
    <h3 className="mb-3 text-[10.5px] font-semibold uppercase tracking-wider text-zinc-400">{title}</h3>
    <div className="space-y-3.5">{children}</div>
  </section>
);

/** Mount it with `key={nodeId}`: the id draft belongs to one node. */
export function NodePanel({ nodeId, onClose }: { nodeId: string; onClose: () => void }) {
  const { workflowId, definition, catalog, problemIndex, updateNode, renameNode, setInputs } = useWorkflowEditor();
  const node = definition.nodes.find((n) => n.id === nodeId);
  const [idDraft, setIdDraft] = useState(nodeId);
  const [idError, setIdError] = useState<string | null>(null);

  const problems = useMemo(() => problemIndex.byNode[nodeId] ?? [], [problemIndex, nodeId]);
  const fieldProblems = useMemo(() => {
    const out: Record<string, string[]> = {};
    for (const p of problems) {
      const m = /^config\.([A-Za-z0-9_]+)[^:]*: (.*)$/.exec(p);
      if (m) (out[m[1]] ??= []).push(m[2]);
    }
    return out;
  }, [problems]);
  const candidates = useMemo(
    () => ({
      plain: completionCandidates(definition, nodeId),
      perItem: completionCandidates(definition, nodeId, { perItem: true }),
    }),
    [definition, nodeId],
  );
  if (!node) return null;
  const entry = catalog.get(node.type);
  const set = (change: Partial<DefinitionNode>) =>
    updateNode(nodeId, (n) => {
      const next: DefinitionNode = { ...n, ...change };
      for (const key of Object.keys(change)) if (next[key] === undefined) delete next[key];
      return next;
    });

  const commitId = () => {
    if (idDraft === nodeId) return setIdError(null);
    const problem = nodeIdProblem(idDraft, definition.nodes.map((n) => n.id), nodeId) ?? renameNode(nodeId, idDraft);
    setIdError(problem);
  };

  return (
    <aside className="flex w-full shrink-0 flex-col overflow-hidden border-t border-zinc-200 bg-white max-sm:max-h-[55%] sm:w-[340px] sm:border-l sm:border-t-0" aria-label="Node settings" data-testid="node-panel">
      <div className="flex items-start gap-3 border-b border-zinc-200 px-4 py-3">
        <div className="flex h-9 w-9 shrink-0 items-center justify-center rounded-lg bg-indigo-50 text-indigo-600">
          <NodeIcon type={node.type} category={entry?.category} className="h-4.5 w-4.5" />
        </div>
        <div className="min-w-0 flex-1">
          <div className="truncate text-sm font-semibold text-zinc-900">{node.name || entry?.label || node.type}</div>
          <p className="text-[12px] leading-snug text-zinc-500">{entry?.description ?? `“${node.type}” is not a registered node type.`}</p>
          {entry && (
            <a href={`/docs/nodes#${encodeURIComponent(node.type)}`} target="_blank" rel="noreferrer" className="mt-0.5 inline-block text-[11.5px] font-medium text-indigo-700 hover:underline" data-testid="node-docs-link">
              Reference: settings and outputs
            </a>
          )}
        </div>
        <button type="button" onClick={onClose} aria-label="Close panel" className="rounded-md p-1 text-zinc-400 hover:bg-zinc-100 hover:text-zinc-700">
          <X className="h-4 w-4" />
        </button>
      </div>
      <div className="flex-1 overflow-y-auto">
        {problems.length > 0 && (
          <div className="mx-4 mt-4 rounded-lg border border-red-200 bg-red-50 p-3" role="alert">
            <div className="mb-1 flex items-center gap-1.5 text-[12px] font-semibold text-red-700">
              <TriangleAlert className="h-3.5 w-3.5" /> {problems.length} problem{problems.length === 1 ? "" : "s"}
            </div>
            <ul className="list-disc space-y-0.5 pl-5 text-[12px] text-red-700">
              {problems.map((p, i) => <li key={i}>{p}</li>)}
            </ul>
          </div>
        )}
        <Section title="Node">
          <Field label="ID" htmlFor="node-id" hint={idError ? undefined : "Templates refer to it: {{" + nodeId + ".…}}"} problems={idError ? [idError] : undefined}>
            <input
              id="node-id"
              value={idDraft}
              spellCheck={false}
              onChange={(e) => {
                setIdDraft(e.target.value);
                setIdError(e.target.value === nodeId ? null : nodeIdProblem(e.target.value, definition.nodes.map((n) => n.id), nodeId));
              }}
              onBlur={commitId}
              onKeyDown={(e) => {
                if (e.key === "Enter") commitId();
                if (e.key === "Escape") setIdDraft(nodeId);
              }}
              aria-invalid={idError ? true : undefined}
              className={`${inputClass} font-mono ${idError ? "!border-red-400" : ""}`}
            />
          </Field>
          <Field label="Name" htmlFor="node-name">
            <input id="node-name" value={node.name ?? ""} placeholder={entry?.label} onChange={(e) => set({ name: e.target.value || undefined })} className={inputClass} />
          </Field>
        </Section>
        {node.type === "webhook" && workflowId !== "" && (
          <Section title="Webhook">
            <WebhookSettings workflowId={workflowId} nodeId={node.id} config={node.config ?? {}} onConfigChange={(config) => set({ config })} />
          </Section>
        )}
        {node.type === "trigger" && setInputs && (
          <Section title="Run inputs">
            <InputsEditor schema={definition.inputs} onChange={setInputs} />
          </Section>
        )}
        {node.type === "workflow" && (
          <Section title="Settings">
            <WorkflowPicker nodeId={nodeId} workflowId={workflowId} config={node.config ?? {}} onChange={(config) => set({ config })} candidates={candidates.plain} fieldProblems={fieldProblems} />
          </Section>
        )}
        {node.type === "mcp" && entry && workflowId !== "" && (
          <Section title="Tools">
            <McpToolPicker nodeId={nodeId} workflowId={workflowId} entry={entry} config={node.config ?? {}} onChange={(config) => set({ config })} candidates={candidates.plain} fieldProblems={fieldProblems} />
          </Section>
        )}
        {node.type === "agent" && (
          <Section title="Workflows as tools">
            <AgentWorkflowTools nodeId={nodeId} config={node.config ?? {}} onChange={(config) => set({ config })} />
          </Section>
        )}
        {entry && node.type !== "webhook" && node.type !== "workflow" && node.type !== "trigger" && (
          <Section title="Settings">
            <ConfigFields
              nodeId={nodeId}
              entry={entry}
              config={node.config ?? {}}
              onChange={(config) => set({ config })}
              candidates={(perItem) => (perItem ? candidates.perItem : candidates.plain)}
              fieldProblems={fieldProblems}
              shows={node.type === "mcp" && workflowId !== "" ? (key) => !MCP_PICKED.has(key) : undefined}
            />
          </Section>
        )}
        {!entry?.isEntry && !node.parentId && workflowId !== "" && (
          <Section title="Try it">
            <NodeTest nodeId={nodeId} />
          </Section>
        )}
        {/* Entry nodes (triggers) only hand the run its input: no error port, retry or timeout applies. */}
        {!entry?.isEntry && (
        <Section title="Errors and retries">
          <label className="flex items-center justify-between gap-3">
            <span>
              <span className="block text-[12px] font-medium text-zinc-700">Error port</span>
              <span className="block text-[11px] text-zinc-500">Route failures down a red “error” edge instead of failing the run.</span>
            </span>
            <button
              type="button"
              role="switch"
              aria-checked={node.errorPort === true}
              aria-label="Error port"
              onClick={() => set({ errorPort: node.errorPort ? undefined : true })}
              className={`relative h-5 w-9 shrink-0 rounded-full transition-colors ${node.errorPort ? "bg-red-500" : "bg-zinc-300"}`}
            >
              <span className={`absolute top-0.5 h-4 w-4 rounded-full bg-white shadow transition-all ${node.errorPort ? "left-[18px]" : "left-0.5"}`} />
            </button>
          </label>
          <div className="grid grid-cols-2 gap-3">
            <Field label="Max attempts" htmlFor="retry-attempts">
              <input
                id="retry-attempts"
                type="number"
                min={1}
                max={100}
                value={node.retry?.maxAttempts ?? ""}
                placeholder="1"
                onChange={(e) => {
                  const n = e.target.value === "" ? undefined : Number(e.target.value);
                  set({ retry: n === undefined ? undefined : { ...node.retry, maxAttempts: n } });
                }}
                className={inputClass}
              />
            </Field>
            <Field label="Backoff (ms)" htmlFor="retry-backoff">
              <input
                id="retry-backoff"
                type="number"
                min={0}
                disabled={!node.retry}
                value={node.retry?.backoffMs ?? ""}
                placeholder="500"
                onChange={(e) => node.retry && set({ retry: { ...node.retry, backoffMs: e.target.value === "" ? undefined : Number(e.target.value) } })}
                className={`${inputClass} disabled:bg-zinc-50 disabled:text-zinc-400`}
              />
            </Field>
          </div>
          <Field label="Timeout" htmlFor="node-timeout" hint="Per attempt: milliseconds or a duration like 30s, 15m.">
            <input
              id="node-timeout"
              value={node.timeoutMs === undefined ? "" : String(node.timeoutMs)}
              placeholder="none"
              onChange={(e) => set({ timeoutMs: parseNumberField(e.target.value) })}
              className={inputClass}
            />
          </Field>
        </Section>
        )}
      </div>
    </aside>
  );
}
