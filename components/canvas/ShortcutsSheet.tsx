"use client";
/** The `?` sheet: every keyboard shortcut of the editor, in one place. Esc or a click outside closes it. */
import { useEffect, useEffectEvent, useRef } from "react";
import { Keyboard, X } from "lucide-react";

const SHORTCUTS: { keys: string[][]; what: string }[] = [
  { keys: [["Ctrl", "Z"], ["⌘", "Z"]], what: "Undo" },
  { keys: [["Ctrl", "Shift", "Z"], ["Ctrl", "Y"]], what: "Redo" },
  { keys: [["Ctrl", "C"], ["⌘", "C"]], what: "Copy the selected nodes" },
  { keys: [["Ctrl", "V"], ["⌘", "V"]], what: "Paste" },
  { keys: [["Delete"], ["Backspace"]], what: "Delete the selection" },
  { keys: [["Shift", "click"], ["Ctrl", "click"]], what: "Add to the selection" },
  { keys: [["Shift", "drag"]], what: "Select an area" },
  { keys: [["?"]], what: "Show this sheet" },
  { keys: [["Esc"]], what: "Close a dialog or this sheet" },
];

const Key = ({ k }: { k: string }) => (
  <kbd className="inline-flex h-6 min-w-6 items-center justify-center rounded-md border border-zinc-200 bg-zinc-50 px-1.5 font-sans text-[11px] font-semibold text-zinc-700 shadow-[0_1px_0_rgba(0,0,0,0.06)]">{k}</kbd>
);

export function ShortcutsSheet({ onClose }: { onClose: () => void }) {
  const close = useRef<HTMLButtonElement>(null);
  const onKey = useEffectEvent((e: KeyboardEvent) => {
    if (e.key === "Escape") onClose();
  });
  useEffect(() => {
    close.current?.focus();
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  return (
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-zinc-950/40 p-4 backdrop-blur-[2px]" onClick={onClose}>
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby="shortcuts-title"
        data-testid="shortcuts-sheet"
        onClick={(e) => e.stopPropagation()}
        className="w-full max-w-md rounded-2xl border border-zinc-200 bg-white p-5 shadow-2xl"
      >
        <div className="mb-4 flex items-center gap-2">
          <Keyboard className="h-4 w-4 text-indigo-600" aria-hidden />
          <h2 id="shortcuts-title" className="text-[14px] font-semibold text-zinc-900">Keyboard shortcuts</h2>
          <button ref={close} type="button" onClick={onClose} aria-label="Close" className="ml-auto rounded-md p-1 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900">
            <X className="h-4 w-4" />
          </button>
        </div>
        <dl className="divide-y divide-zinc-100">
          {SHORTCUTS.map((s) => (
            <div key={s.what} className="flex items-center justify-between gap-4 py-2">
              <dt className="text-[12.5px] text-zinc-700">{s.what}</dt>
              <dd className="flex shrink-0 items-center gap-2 text-[11px] text-zinc-400">
                {s.keys.map((combo, i) => (
                  <span key={i} className="flex items-center gap-1">
                    {i > 0 && <span className="mr-1">or</span>}
                    {combo.map((k) => <Key key={k} k={k} />)}
                  </span>
                ))}
              </dd>
            </div>
          ))}
        </dl>
      </div>
    </div>
  );
}
