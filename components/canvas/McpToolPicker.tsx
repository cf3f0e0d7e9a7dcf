"use client";
/**
 * The mcp node's tool list: "List tools" asks the server its saved URL names (with the workspace's
 * secrets filled in, on the server: app/(app)/workflows/[id]/mcp-actions.ts), then a tool is picked
 * from the list and its arguments get a form built from its input schema (typed fields, templates
 * allowed). It owns the `tool` and `arguments` settings: until the list is fetched (a server that
 * can't be reached from here, templates in the URL) or for a tool without an input schema, they are
 * the plain fields of the node's settings (a name, a JSON object), shown here once, not twice.
 */
import { useState, useTransition } from "react";
import { ListChecks } from "lucide-react";
import { mcpToolsAction } from "@/app/(app)/workflows/[id]/mcp-actions";
import type { OfferedTool } from "@/lib/mcp/client-tools";
import type { CatalogEntry } from "@/lib/workflows/catalog-types";
import type { JsonSchema } from "@/lib/workflows/catalog-types";
import type { Completion } from "@/lib/workflows/completions";
import { Field, SchemaFields } from "./ConfigFields";
import { inputClass } from "./TemplateField";

type Props = {
  nodeId: string;
  workflowId: string;
  /** The mcp node's catalog entry: its `tool` and `arguments` fields when there is no list or form. */
  entry: CatalogEntry;
  config: Record<string, unknown>;
  onChange: (config: Record<string, unknown>) => void;
  candidates: readonly Completion[];
  fieldProblems: Record<string, string[]>;
};

/** The settings this picker shows; the node's other settings stay in its Settings section. */
export const MCP_PICKED = new Set(["tool", "arguments"]);

const objectOf = (value: unknown): Record<string, unknown> => (value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

export function McpToolPicker({ nodeId, workflowId, entry, config, onChange, candidates, fieldProblems }: Props) {
  const [tools, setTools] = useState<OfferedTool[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const selected = typeof config.tool === "string" ? config.tool : "";
  const tool = tools?.find((t) => t.name === selected);
  const list = () =>
    start(async () => {
      setError(null);
      const answer = await mcpToolsAction(workflowId, nodeId);
      if ("error" in answer) setError(answer.error);
      else setTools(answer.tools);
    });
  const pick = (name: string) => {
    const chosen = tools?.find((t) => t.name === name);
    const properties = Object.keys((chosen?.inputSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {});
    const given = objectOf(config.arguments);
    // What was typed for the chosen tool's arguments stays; the others' go.
    const args = Object.fromEntries(properties.filter((p) => given[p] !== undefined).map((p) => [p, given[p]]));
    onChange({ ...config, tool: name || undefined, arguments: args });
  };
  const properties = Object.entries((tool?.inputSchema as { properties?: Record<string, { type?: unknown; description?: unknown }> } | undefined)?.properties ?? {});
  return (
    <div className="space-y-2.5" data-testid="mcp-tool-picker">
      <button type="button" onClick={list} disabled={pending} className="inline-flex items-center gap-1.5 rounded-md px-2.5 py-1.5 text-[12px] font-medium text-zinc-700 ring-1 ring-zinc-200 hover:text-indigo-600 hover:ring-indigo-300 disabled:opacity-60">
        <ListChecks aria-hidden className="size-3.5" />
        {pending ? "Asking the server…" : tools ? "List tools again" : "List the server's tools"}
      </button>
      {error && (
        <p role="alert" className="text-[12px] text-red-600">
          {error}
        </p>
      )}
      {tools && (
        <Field label="Tool" htmlFor={`${nodeId}-mcp-tool`} hint={tool?.description ?? (tools.length === 0 ? "The server offers no tools." : undefined)}>
          <select id={`${nodeId}-mcp-tool`} value={selected} onChange={(e) => pick(e.target.value)} className={inputClass}>
            <option value="">Choose a tool</option>
            {tools.map((t) => (
              <option key={t.name} value={t.name}>
                {t.name}
              </option>
            ))}
            {selected && !tool && <option value={selected}>{selected} (not offered now)</option>}
          </select>
        </Field>
      )}
      {/* By hand: the tool's name until the list is fetched, its arguments as JSON without a form. */}
      <SchemaFields
        idPrefix={nodeId}
        schema={entry.configJsonSchema}
        value={config}
        onChange={onChange}
        candidates={() => candidates}
        fieldProblems={fieldProblems}
        shows={(key) => (key === "tool" && !tools) || (key === "arguments" && !(tool && properties.length > 0))}
      />
      {tool && properties.length > 0 && (
        <div className="rounded-lg bg-zinc-50 p-2.5 ring-1 ring-zinc-200" data-testid="mcp-tool-arguments">
          <p className="mb-2 text-[11px] font-medium uppercase tracking-wider text-zinc-500">Arguments of {tool.name}</p>
          <SchemaFields
            idPrefix={`${nodeId}-arg`}
            schema={tool.inputSchema as JsonSchema}
            value={objectOf(config.arguments)}
            onChange={(args) => onChange({ ...config, arguments: args })}
            candidates={() => candidates}
            rawLabels
          />
        </div>
      )}
    </div>
  );
}
