"use client";
/** Editor shortcuts: undo/redo, copy/paste, `?` for the sheet of them. Text fields keep their own (native) undo and clipboard. */
import { useEffect, useEffectEvent } from "react";

export type Shortcuts = { undo: () => void; redo: () => void; copy: () => boolean; paste: () => void; help: () => void };

export function useShortcuts(actions: Shortcuts) {
  // An effect event always sees the latest actions without re-subscribing.
  const onKey = useEffectEvent((e: KeyboardEvent) => {
    const target = e.target as HTMLElement | null;
    if (target?.closest("input, textarea, select, [contenteditable]")) return;
    if (e.key === "?" && !e.metaKey && !e.ctrlKey && !e.altKey) {
      e.preventDefault();
      actions.help();
      return;
    }
    if (!(e.metaKey || e.ctrlKey) || e.altKey) return;
    const key = e.key.toLowerCase();
    if (key === "z") {
      e.preventDefault();
      if (e.shiftKey) actions.redo();
      else actions.undo();
    } else if (key === "y" && !e.shiftKey) {
      e.preventDefault();
      actions.redo();
    } else if (key === "c" && !e.shiftKey) {
      if (actions.copy()) e.preventDefault();
    } else if (key === "v" && !e.shiftKey) {
      e.preventDefault();
      actions.paste();
    }
  });
  useEffect(() => {
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
