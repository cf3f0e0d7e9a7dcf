"use client";
/** The searchable list of node types: drag onto the canvas, click to add at the centre; "/" focuses search, Enter adds the first match. */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { Search } from "lucide-react";
import type { CatalogEntry } from "@/lib/workflows/catalog-types";
import { filterCatalog } from "@/lib/workflows/palette-search";
import { CATEGORY_LABELS, CATEGORY_ORDER, NodeIcon } from "./node-icons";
import { DRAG_MIME } from "./use-canvas-actions";

export function Palette({ catalog, onAdd }: { catalog: readonly CatalogEntry[]; onAdd: (type: string) => void }) {
  const [query, setQuery] = useState("");
  const input = useRef<HTMLInputElement>(null);
  const matches = useMemo(() => filterCatalog(catalog, query), [catalog, query]);
  const groups = useMemo(() => {
    const order = [...CATEGORY_ORDER, ...new Set(catalog.map((e) => e.category).filter((c) => !CATEGORY_ORDER.includes(c)))];
    return order.map((category) => ({ category, entries: matches.filter((e) => e.category === category) })).filter((g) => g.entries.length > 0);
  }, [catalog, matches]);

  useEffect(() => {
    const focus = (e: globalThis.KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (e.key !== "/" || e.metaKey || e.ctrlKey || target?.closest("input, textarea, select, [contenteditable]")) return;
      e.preventDefault();
      input.current?.focus();
      input.current?.select();
    };
    window.addEventListener("keydown", focus);
    return () => window.removeEventListener("keydown", focus);
  }, []);

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "Enter" && matches[0]) {
      e.preventDefault();
      onAdd(matches[0].type);
      setQuery("");
    } else if (e.key === "Escape") {
      setQuery("");
      input.current?.blur();
    }
  };

  return (
    <aside className="flex w-60 shrink-0 flex-col border-r border-zinc-200 bg-white max-sm:hidden" aria-label="Node types">
      <div className="p-3">
        <label className="flex h-9 items-center gap-2 rounded-lg border border-zinc-200 bg-zinc-50 px-2.5 text-sm focus-within:border-indigo-500 focus-within:bg-white focus-within:ring-2 focus-within:ring-indigo-500/20">
          <Search className="h-4 w-4 text-zinc-400" aria-hidden />
          <input
            ref={input}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={onKeyDown}
            placeholder="Search nodes"
            aria-label="Search node types"
            className="min-w-0 flex-1 bg-transparent text-[13px] outline-none placeholder:text-zinc-400"
          />
          <kbd className="rounded border border-zinc-200 bg-white px-1.5 font-mono text-[10px] text-zinc-500">/</kbd>
        </label>
      </div>
      <div className="flex-1 overflow-y-auto px-2 pb-4">
        {groups.length === 0 && <p className="px-2 py-6 text-center text-xs text-zinc-500">No node type matches “{query}”.</p>}
        {groups.map(({ category, entries }) => (
          <section key={category} className="mb-3">
            <h3 className="px-2 pb-1 text-[10.5px] font-semibold uppercase tracking-wider text-zinc-400">
              {CATEGORY_LABELS[category] ?? category}
            </h3>
            <ul>
              {entries.map((entry) => {
                const first = query.trim() !== "" && entry === matches[0];
                return (
                  <li key={entry.type}>
                    <button
                      type="button"
                      draggable
                      onDragStart={(e) => {
                        e.dataTransfer.setData(DRAG_MIME, entry.type);
                        e.dataTransfer.effectAllowed = "copy";
                      }}
                      onClick={() => onAdd(entry.type)}
                      data-testid={`palette-${entry.type}`}
                      title={`${entry.description}\nDrag onto the canvas, or click to add.`}
                      className={`group flex w-full cursor-grab items-center gap-2.5 rounded-lg px-2 py-1.5 text-left active:cursor-grabbing ${
                        first ? "bg-indigo-50 ring-1 ring-indigo-200" : "hover:bg-zinc-100"
                      }`}
                    >
                      <span className="flex h-7 w-7 shrink-0 items-center justify-center rounded-md border border-zinc-200 bg-white text-zinc-600 group-hover:text-indigo-600">
                        <NodeIcon type={entry.type} category={entry.category} className="h-3.5 w-3.5" />
                      </span>
                      <span className="min-w-0">
                        <span className="block truncate text-[13px] font-medium text-zinc-800">{entry.label}</span>
                        <span className="block truncate text-[11px] text-zinc-500">{entry.description}</span>
                      </span>
                    </button>
                  </li>
                );
              })}
            </ul>
          </section>
        ))}
      </div>
      <a href="/docs/nodes" target="_blank" rel="noreferrer" className="border-t border-zinc-200 px-4 py-2.5 text-[12px] font-medium text-zinc-600 hover:bg-zinc-50 hover:text-indigo-700" data-testid="palette-docs-link">
        Node reference: every setting and output
      </a>
    </aside>
  );
}
