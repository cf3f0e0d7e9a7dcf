"use client";
/** The run panel's compact view of nodes streaming right now (llm tokens): the tail of each one's text. */
import type { WorkflowDefinition } from "@/lib/workflows/definition-types";
import type { RunView } from "./run-view-model";

const TAIL = 240;

/** The end of a streaming text: its last three lines (an agent's latest steps), at most TAIL characters. */
export function tailOf(text: string): string {
  const lines = text.split("\n").filter((line) => line.trim() !== "");
  const last = lines.slice(-3).join("\n");
  return last.length > TAIL || lines.length > 3 ? `…${last.slice(-TAIL)}` : last;
}

export function LivePreview(p: { view: RunView; definition: WorkflowDefinition; onSelectNode?: (id: string) => void }) {
  const streaming = Object.entries(p.view.nodes).flatMap(([id, n]) => (n.live ?? []).map((l, i) => ({ id, key: `${id}/${i}`, text: l.text })));
  if (streaming.length === 0) return null;
  return (
    <div className="border-b border-sky-100 bg-sky-50/60 px-4 py-2.5" data-testid="run-live-preview">
      {streaming.map((s) => (
        <button key={s.key} type="button" onClick={() => p.onSelectNode?.(s.id)} className="block w-full text-left" title="Show this node">
          <span className="flex items-center gap-1.5 text-[11px] font-semibold text-sky-800">
            <span className="h-1.5 w-1.5 animate-pulse rounded-full bg-sky-500" aria-hidden />
            {p.definition.nodes.find((n) => n.id === s.id)?.name || s.id}
          </span>
          <span className="mt-0.5 line-clamp-3 whitespace-pre-wrap break-words font-mono text-[11.5px] text-zinc-700" data-testid={`run-live-${s.id}`}>
            {tailOf(s.text)}
          </span>
        </button>
      ))}
    </div>
  );
}
