"use client";
/** Editor shortcuts: undo/redo, copy/paste. Text fields keep their own (native) undo and clipboard. */
import { useEffect, useRef } from "react";

export type Shortcuts = { undo: () => void; redo: () => void; copy: () => boolean; paste: () => void };

export function useShortcuts(actions: Shortcuts) {
  const latest = useRef(actions);
  latest.current = actions;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target?.closest("input, textarea, select, [contenteditable]")) return;
      if (!(e.metaKey || e.ctrlKey) || e.altKey) return;
      const key = e.key.toLowerCase();
      if (key === "z") {
        e.preventDefault();
        if (e.shiftKey) latest.current.redo();
        else latest.current.undo();
      } else if (key === "y" && !e.shiftKey) {
        e.preventDefault();
        latest.current.redo();
      } else if (key === "c" && !e.shiftKey) {
        if (latest.current.copy()) e.preventDefault();
      } else if (key === "v" && !e.shiftKey) {
        e.preventDefault();
        latest.current.paste();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
