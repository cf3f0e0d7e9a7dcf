"use client";
/** Browsable JSON: objects and arrays fold open and closed; long strings wrap; the whole value copies. */
import { useState } from "react";
import { ChevronRight, Copy, Check } from "lucide-react";

const PREVIEW_KEYS = 3;

function preview(value: unknown): string {
  if (Array.isArray(value)) return `[${value.length} item${value.length === 1 ? "" : "s"}]`;
  if (value && typeof value === "object") {
    const keys = Object.keys(value);
    return `{ ${keys.slice(0, PREVIEW_KEYS).join(", ")}${keys.length > PREVIEW_KEYS ? ", …" : ""} }`;
  }
  return "";
}

function Leaf({ value }: { value: unknown }) {
  if (value === null) return <span className="text-zinc-400">null</span>;
  if (typeof value === "string") return <span className="whitespace-pre-wrap break-all text-emerald-700">&quot;{value}&quot;</span>;
  if (typeof value === "number") return <span className="text-sky-700">{value}</span>;
  if (typeof value === "boolean") return <span className="text-violet-700">{String(value)}</span>;
  return <span className="text-zinc-500">{String(value)}</span>;
}

function Branch({ name, value, depth }: { name: string | null; value: unknown; depth: number }) {
  const foldable = value !== null && typeof value === "object";
  const [open, setOpen] = useState(depth < 2);
  const label = name !== null && <span className="text-zinc-600">{name}: </span>;
  if (!foldable) {
    return (
      <div className="py-px pl-4 font-mono text-[11.5px] leading-5">
        {label}
        <Leaf value={value} />
      </div>
    );
  }
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value as Record<string, unknown>);
  return (
    <div className="font-mono text-[11.5px] leading-5">
      <button type="button" onClick={() => setOpen((o) => !o)} className="flex items-center gap-0.5 rounded text-left hover:bg-zinc-100" aria-expanded={open}>
        <ChevronRight className={`h-3.5 w-3.5 shrink-0 text-zinc-400 transition-transform ${open ? "rotate-90" : ""}`} aria-hidden />
        {label}
        {!open && <span className="text-zinc-400">{preview(value)}</span>}
        {open && entries.length === 0 && <span className="text-zinc-400">{Array.isArray(value) ? "[]" : "{}"}</span>}
      </button>
      {open && entries.length > 0 && (
        <div className="ml-[7px] border-l border-zinc-200 pl-1">
          {entries.map(([k, v]) => (
            <Branch key={k} name={k} value={v} depth={depth + 1} />
          ))}
        </div>
      )}
    </div>
  );
}

export function JsonTree({ value, label, testId }: { value: unknown; label: string; testId?: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(JSON.stringify(value, null, 2));
      setCopied(true);
      setTimeout(() => setCopied(false), 1200);
    } catch {
      /* clipboard refused (insecure origin): nothing to do */
    }
  };
  return (
    <div className="group/json relative rounded-lg border border-zinc-200 bg-zinc-50/60 p-2" data-testid={testId} aria-label={label} role="group">
      <button type="button" onClick={() => void copy()} title={`Copy ${label}`} aria-label={`Copy ${label}`} className="absolute right-1.5 top-1.5 hidden rounded p-1 text-zinc-400 hover:bg-white hover:text-zinc-700 group-hover/json:block">
        {copied ? <Check className="h-3.5 w-3.5 text-emerald-600" /> : <Copy className="h-3.5 w-3.5" />}
      </button>
      <div className="max-h-72 overflow-auto">
        {value !== null && typeof value === "object" ? <Branch name={null} value={value} depth={0} /> : <div className="px-1 font-mono text-[11.5px]"><Leaf value={value} /></div>}
      </div>
    </div>
  );
}
