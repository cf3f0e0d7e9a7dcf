"use client";
/**
 * The top bar's workspace menu: which workspace the page is in, and the others to switch to. A
 * switch is a link to /w/<slug>/workflows (the URL carries the workspace; the proxy remembers it).
 */
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { Check, ChevronsUpDown, Plus, Users } from "lucide-react";

export type SwitcherWorkspace = { slug: string; name: string; personal: boolean; role: string };

type Props = { current: SwitcherWorkspace; workspaces: SwitcherWorkspace[] };

export function WorkspaceSwitcher({ current, workspaces }: Props) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent | KeyboardEvent) => {
      if (event instanceof KeyboardEvent ? event.key === "Escape" : !root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", close);
    document.addEventListener("keydown", close);
    return () => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("keydown", close);
    };
  }, [open]);
  return (
    <div ref={root} className="relative">
      <button
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        data-testid="workspace-switcher"
        className="flex max-w-44 items-center gap-1.5 rounded-md px-2 py-1.5 text-sm font-medium text-zinc-800 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-indigo-600"
      >
        {!current.personal && <Users aria-hidden className="size-4 shrink-0 text-zinc-500" />}
        <span className="truncate" data-testid="current-workspace">
          {current.name}
        </span>
        <ChevronsUpDown aria-hidden className="size-3.5 shrink-0 text-zinc-400" />
      </button>
      {open && (
        <div role="menu" aria-label="Workspaces" className="absolute left-0 top-full z-30 mt-1 w-64 rounded-xl border border-zinc-200 bg-white p-1 shadow-lg">
          {workspaces.map((w) => (
            <Link
              key={w.slug}
              role="menuitem"
              href={`/w/${w.slug}/workflows`}
              onClick={() => setOpen(false)}
              className="flex items-center gap-2 rounded-lg px-2.5 py-2 text-sm text-zinc-800 hover:bg-zinc-100"
            >
              <span className="min-w-0 flex-1">
                <span className="block truncate font-medium">{w.name}</span>
                <span className="block text-xs text-zinc-500">{w.personal ? "Just you" : `Team · ${w.role}`}</span>
              </span>
              {w.slug === current.slug && <Check aria-label="current" className="size-4 text-indigo-600" />}
            </Link>
          ))}
          <div className="my-1 h-px bg-zinc-100" />
          <Link role="menuitem" href="/workspaces/new" onClick={() => setOpen(false)} className="flex items-center gap-2 rounded-lg px-2.5 py-2 text-sm font-medium text-indigo-700 hover:bg-indigo-50">
            <Plus aria-hidden className="size-4" />
            New team workspace
          </Link>
        </div>
      )}
    </div>
  );
}
