"use client";
/** Pieces shared by step and container nodes: output handles with labels, the problem badge, summaries. */
import { Handle, Position } from "@xyflow/react";
import { TriangleAlert } from "lucide-react";
import { ERROR_HANDLE, SOURCE_HANDLE, resolveHandles, type CatalogEntry } from "@/lib/workflows/catalog-types";
import type { DefinitionNode, WorkflowDefinition } from "@/lib/workflows/definition-types";

export type OutputHandle = { id: string; kind: "success" | "error" | "stale" };

/**
 * The node's source handles: its type's success handles, the error port when on
 * (or when an error edge already leaves it), and any handle an existing edge
 * uses that the type no longer has (shown struck out, so the edge stays visible).
 */
export function outputHandles(
  def: DefinitionNode,
  entry: CatalogEntry | undefined,
  edges: WorkflowDefinition["edges"],
): OutputHandle[] {
  return outputHandlesUsing(def, entry, edges.filter((e) => e.source === def.id).map((e) => e.sourceHandle ?? SOURCE_HANDLE));
}

/** The same, from the handles the node's outgoing edges use. */
export function outputHandlesUsing(def: DefinitionNode, entry: CatalogEntry | undefined, used: readonly string[]): OutputHandle[] {
  const success = resolveHandles(entry, def.config);
  const out: OutputHandle[] = success.map((id) => ({ id, kind: "success" }));
  for (const id of used)
    if (id !== ERROR_HANDLE && !success.includes(id) && !out.some((h) => h.id === id)) out.push({ id, kind: "stale" });
  if (def.errorPort || used.includes(ERROR_HANDLE)) out.push({ id: ERROR_HANDLE, kind: "error" });
  return out;
}

const handleBase = "!h-3 !w-3 !border-2 !border-white transition-transform hover:!scale-125";
const handleColor = { success: "!bg-indigo-500", error: "!bg-red-500", stale: "!bg-zinc-400" };

export function OutputRows({ handles, bare = false }: { handles: OutputHandle[]; bare?: boolean }) {
  // A plain node with one output: a single handle on the right edge, no label.
  if (handles.length === 1 && handles[0].id === SOURCE_HANDLE) {
    return <Handle type="source" id={SOURCE_HANDLE} position={Position.Right} className={`${handleBase} ${handleColor.success}`} />;
  }
  return (
    <div className={`flex flex-col gap-0.5 ${bare ? "py-1" : "border-t border-zinc-100 py-1.5"}`}>
      {handles.map((h) => (
        <div key={h.id} className="relative flex h-5 items-center justify-end pr-3" data-handle-row={h.id}>
          <span
            className={`text-[11px] font-medium ${
              h.kind === "error" ? "text-red-600" : h.kind === "stale" ? "text-zinc-400 line-through" : "text-zinc-600"
            }`}
            title={h.kind === "stale" ? "This handle no longer exists on the node" : undefined}
          >
            {h.id === SOURCE_HANDLE ? "next" : h.id}
          </span>
          <Handle type="source" id={h.id} position={Position.Right} className={`${handleBase} ${handleColor[h.kind]} !-right-[7px]`} />
        </div>
      ))}
    </div>
  );
}

export function TargetHandle({ top }: { top?: number }) {
  return (
    <Handle
      type="target"
      position={Position.Left}
      className={`${handleBase} !bg-zinc-400`}
      style={top !== undefined ? { top } : undefined}
    />
  );
}

export function ProblemBadge({ messages }: { messages: string[] | undefined }) {
  if (!messages || messages.length === 0) return null;
  return (
    <div className="group/problems absolute -right-2 -top-2 z-10">
      <div className="flex h-5 min-w-5 items-center justify-center gap-0.5 rounded-full bg-red-600 px-1.5 text-[10px] font-semibold text-white shadow">
        <TriangleAlert className="h-3 w-3" aria-hidden />
        {messages.length}
      </div>
      <ul
        role="tooltip"
        className="pointer-events-none absolute left-1/2 top-6 hidden w-64 -translate-x-1/2 space-y-1 rounded-lg border border-red-200 bg-white p-2 text-[11px] leading-snug text-red-700 shadow-lg group-hover/problems:block"
      >
        {messages.map((m, i) => (
          <li key={i}>{m}</li>
        ))}
      </ul>
    </div>
  );
}

/** One line that tells nodes of the same type apart: the first filled-in text setting. */
export function configSummary(def: DefinitionNode, entry: CatalogEntry | undefined): string | null {
  const config = def.config ?? {};
  const text = (v: unknown) => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");
  if (typeof config.method === "string" && typeof config.url === "string" && config.url)
    return `${config.method} ${config.url}`;
  if (typeof config.mode === "string") {
    const rest = text(config.items) || text(config.count) || text(config.condition);
    return rest ? `${config.mode} · ${rest}` : config.mode;
  }
  const raw = new Set(entry?.rawFields ?? []);
  for (const [key, value] of Object.entries(config)) {
    const t = text(value);
    if (t) return raw.has(key) ? t.split("\n")[0] : t;
  }
  return null;
}
