"use client";
/** Overlays on the canvas: the empty state, the list of problems, import errors. */
import { CircleAlert, Plus, X } from "lucide-react";
import type { Catalog } from "@/lib/workflows/catalog-types";
import { useWorkflowEditor } from "./editor-context";
import { NodeIcon } from "./node-icons";

export function EmptyCanvas({ catalog, onAdd }: { catalog: Catalog; onAdd: (type: string) => void }) {
  const entries = catalog.filter((e) => e.isEntry).slice(0, 3);
  return (
    <div className="pointer-events-none absolute inset-0 flex items-center justify-center">
      <div className="pointer-events-auto w-[440px] rounded-2xl border border-zinc-200 bg-white p-6 text-center shadow-sm">
        <div className="mx-auto mb-3 flex h-10 w-10 items-center justify-center rounded-xl bg-indigo-50 text-indigo-600">
          <Plus className="h-5 w-5" aria-hidden />
        </div>
        <h2 className="text-sm font-semibold text-zinc-900">Start with a trigger</h2>
        <p className="mt-1 text-[13px] text-zinc-500">
          Every run starts at an entry node. Pick one below, drag any node from the left, or press{" "}
          <kbd className="rounded border border-zinc-200 bg-zinc-50 px-1 font-mono text-[11px]">/</kbd> to search.
        </p>
        <div className="mt-4 flex justify-center gap-2">
          {entries.map((e) => {
            return (
              <button key={e.type} type="button" onClick={() => onAdd(e.type)} className="flex items-center gap-1.5 whitespace-nowrap rounded-lg border border-zinc-200 px-3 py-1.5 text-[13px] font-medium text-zinc-700 hover:border-indigo-300 hover:bg-indigo-50 hover:text-indigo-700">
                <NodeIcon type={e.type} category={e.category} className="h-3.5 w-3.5" /> {e.label}
              </button>
            );
          })}
        </div>
      </div>
    </div>
  );
}

export function ProblemsPopover({ onSelect, onClose, error }: { onSelect: (id: string) => void; onClose: () => void; error: string | null }) {
  const { problemIndex, definition } = useWorkflowEditor();
  const edgeSource = (id: string) => definition.edges.find((e) => e.id === id);
  const rows = [
    ...problemIndex.general.map((m) => ({ key: `g${m}`, label: "Workflow", message: m, node: null as string | null })),
    ...Object.entries(problemIndex.byNode).flatMap(([id, ms]) => ms.map((m, i) => ({ key: `n${id}${i}`, label: id, message: m, node: id }))),
    ...Object.entries(problemIndex.byEdge).flatMap(([id, ms]) =>
      ms.map((m, i) => {
        const e = edgeSource(id);
        return { key: `e${id}${i}`, label: e ? `${e.source} → ${e.target}` : id, message: m, node: e?.source ?? null };
      }),
    ),
  ];
  return (
    <div className="absolute right-3 top-3 z-20 w-[380px] overflow-hidden rounded-xl border border-zinc-200 bg-white shadow-xl" role="dialog" aria-label="Problems">
      <div className="flex items-center justify-between border-b border-zinc-100 px-3 py-2">
        <span className="text-[13px] font-semibold">Problems</span>
        <button type="button" onClick={onClose} aria-label="Close problems" className="rounded p-1 text-zinc-400 hover:bg-zinc-100"><X className="h-4 w-4" /></button>
      </div>
      {error && <p className="border-b border-amber-100 bg-amber-50 px-3 py-2 text-[12px] text-amber-800">Couldn&apos;t validate: {error}</p>}
      {rows.length === 0 ? (
        <p className="px-3 py-6 text-center text-[13px] text-zinc-500">No problems: this workflow can run.</p>
      ) : (
        <ul className="max-h-80 divide-y divide-zinc-100 overflow-y-auto">
          {rows.map((r) => (
            <li key={r.key}>
              <button type="button" disabled={!r.node} onClick={() => r.node && onSelect(r.node)} className="flex w-full gap-2 px-3 py-2 text-left hover:bg-zinc-50 disabled:cursor-default">
                <CircleAlert className="mt-0.5 h-3.5 w-3.5 shrink-0 text-red-500" aria-hidden />
                <span className="min-w-0">
                  <code className="block font-mono text-[11px] text-zinc-500">{r.label}</code>
                  <span className="block text-[12.5px] text-zinc-800">{r.message}</span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function ImportErrors({ errors, onClose }: { errors: string[]; onClose: () => void }) {
  return (
    <div className="absolute left-1/2 top-3 z-20 w-[460px] -translate-x-1/2 rounded-xl border border-red-200 bg-white p-3 shadow-xl" role="alert">
      <div className="mb-1 flex items-center justify-between">
        <span className="flex items-center gap-1.5 text-[13px] font-semibold text-red-700"><CircleAlert className="h-4 w-4" /> Couldn&apos;t import this file</span>
        <button type="button" onClick={onClose} aria-label="Dismiss" className="rounded p-1 text-zinc-400 hover:bg-zinc-100"><X className="h-4 w-4" /></button>
      </div>
      <p className="mb-1 text-[12px] text-zinc-500">Nothing was changed. Fix these and import again:</p>
      <ul className="list-disc space-y-0.5 pl-5 font-mono text-[11.5px] text-red-700">
        {errors.map((e, i) => <li key={i}>{e}</li>)}
      </ul>
    </div>
  );
}
