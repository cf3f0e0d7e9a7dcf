"use client";
/**
 * Sample data for "Test this node" (lib/workflows/pins.ts): the nodes before the selected one, each
 * with its pinned JSON (edit, pin, unpin), and a button that pins what a test just returned. A pin
 * stands for the node's output in tests only; real runs never see it.
 */
import { useState } from "react";
import { Pin, PinOff } from "lucide-react";
import { pinOutputAction } from "@/app/(app)/workflows/[id]/pin-actions";
import { formDataOf } from "@/components/ui/form-data";
import { upstreamOf } from "@/lib/workflows/upstream";
import { useWorkflowEditor } from "./editor-context";

const pretty = (value: unknown) => JSON.stringify(value, null, 2);

/** Pins (or, with `json` undefined, unpins) and hands the server's pins to the editor; returns an error text or null. */
function usePinWriter() {
  const { workflowId, setPins } = useWorkflowEditor();
  const [busy, setBusy] = useState(false);
  const write = async (nodeId: string, json: string | undefined): Promise<string | null> => {
    setBusy(true);
    try {
      const state = await pinOutputAction({}, formDataOf({ workflowId, nodeId, json }));
      if (state.error || !state.data) return state.error ?? "Not pinned.";
      setPins?.(state.data);
      return null;
    } catch {
      return "The server didn't answer; nothing was pinned.";
    } finally {
      setBusy(false);
    }
  };
  return { write, busy };
}

/** The nodes before `nodeId`, each with its sample data. */
export function UpstreamPins({ nodeId }: { nodeId: string }) {
  const { definition, pins = {} } = useWorkflowEditor();
  const before = [...upstreamOf(definition, nodeId)].filter((id) => id !== nodeId);
  const [editing, setEditing] = useState<string | null>(null);
  if (before.length === 0) return null;
  const names = new Map(definition.nodes.map((n) => [n.id, n.name]));
  return (
    <details className="mt-2.5 rounded-lg border border-zinc-200" data-testid="upstream-pins" open={Object.keys(pins).some((id) => before.includes(id)) || undefined}>
      <summary className="cursor-pointer select-none px-2.5 py-1.5 text-[12px] font-medium text-zinc-700">Sample data of the nodes before it</summary>
      <ul className="divide-y divide-zinc-100 border-t border-zinc-100">
        {before.map((id) => (
          <li key={id} className="px-2.5 py-1.5" data-testid={`upstream-pin-${id}`}>
            <div className="flex items-center gap-2 text-[12px]">
              <span className="min-w-0 flex-1 truncate text-zinc-800">
                {names.get(id) && `${names.get(id)} `}
                <code className="font-mono text-[11px] text-zinc-600">{id}</code>
              </span>
              <span className={`text-[11px] ${Object.hasOwn(pins, id) ? "font-medium text-amber-700" : "text-zinc-500"}`}>{Object.hasOwn(pins, id) ? "Pinned" : "Not pinned"}</span>
              <button type="button" onClick={() => setEditing(editing === id ? null : id)} className="rounded px-1.5 py-0.5 text-[11.5px] font-medium text-indigo-700 hover:bg-indigo-50">
                {editing === id ? "Close" : Object.hasOwn(pins, id) ? "Edit" : "Pin data"}
              </button>
            </div>
            {editing === id && <PinEditor nodeId={id} pinned={pins[id]} isPinned={Object.hasOwn(pins, id)} onDone={() => setEditing(null)} />}
          </li>
        ))}
      </ul>
    </details>
  );
}

function PinEditor({ nodeId, pinned, isPinned, onDone }: { nodeId: string; pinned: unknown; isPinned: boolean; onDone: () => void }) {
  const [text, setText] = useState(() => (isPinned ? pretty(pinned) : "{\n  \n}"));
  const [error, setError] = useState<string | null>(null);
  const { write, busy } = usePinWriter();
  const save = async (json: string | undefined) => {
    const problem = await write(nodeId, json);
    setError(problem);
    if (!problem) onDone();
  };
  return (
    <div className="mt-1.5 space-y-1.5">
      <textarea
        aria-label={`Sample data for ${nodeId} (JSON)`}
        value={text}
        onChange={(e) => setText(e.target.value)}
        rows={6}
        spellCheck={false}
        className="w-full rounded-lg border border-zinc-300 bg-zinc-950 px-2.5 py-2 font-mono text-[12px] leading-relaxed text-zinc-100 outline-none focus:border-indigo-500"
      />
      {error && <p role="alert" className="text-[11.5px] text-red-600">{error}</p>}
      <div className="flex gap-1.5">
        <button type="button" disabled={busy} onClick={() => void save(text)} className="flex h-7 items-center gap-1 rounded-md bg-indigo-600 px-2.5 text-[12px] font-medium text-white hover:bg-indigo-500 disabled:opacity-60">
          <Pin className="h-3 w-3" aria-hidden /> Pin
        </button>
        {isPinned && (
          <button type="button" disabled={busy} onClick={() => void save(undefined)} className="flex h-7 items-center gap-1 rounded-md px-2.5 text-[12px] font-medium text-zinc-700 ring-1 ring-zinc-200 hover:bg-zinc-50 disabled:opacity-60">
            <PinOff className="h-3 w-3" aria-hidden /> Unpin
          </button>
        )}
      </div>
    </div>
  );
}

/** After a test: pin what the node returned, so the nodes after it can be tested with it. */
export function PinResult({ nodeId, output, label = "Pin this output" }: { nodeId: string; output: unknown; label?: string }) {
  const { pins = {} } = useWorkflowEditor();
  const { write, busy } = usePinWriter();
  const [error, setError] = useState<string | null>(null);
  const same = Object.hasOwn(pins, nodeId) && pretty(pins[nodeId]) === pretty(output);
  return (
    <div className="flex items-center gap-2">
      <button
        type="button"
        disabled={busy || same}
        onClick={() => void write(nodeId, JSON.stringify(output ?? null)).then(setError)}
        className="flex h-7 items-center gap-1 rounded-md px-2.5 text-[12px] font-medium text-amber-800 ring-1 ring-amber-200 hover:bg-amber-50 disabled:opacity-60"
      >
        <Pin className="h-3 w-3" aria-hidden /> {same ? "Pinned" : label}
      </button>
      {error && <span role="alert" className="text-[11.5px] text-red-600">{error}</span>}
    </div>
  );
}
