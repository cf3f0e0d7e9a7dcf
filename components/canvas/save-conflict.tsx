"use client";
/** Shown over the canvas when a save was refused because the workflow was saved elsewhere first. */
import { CircleAlert } from "lucide-react";
import { Button } from "@/components/ui/button";
import { CHANGED_ELSEWHERE } from "@/lib/workflows/save-result";

export function SaveConflict({ onReload, onOverwrite }: { onReload: () => void; onOverwrite: () => void }) {
  return (
    <div className="absolute left-1/2 top-3 z-30 w-[480px] -translate-x-1/2 rounded-xl border border-amber-300 bg-white p-4 shadow-xl" role="alert" data-testid="save-conflict">
      <p className="flex items-center gap-1.5 text-[13px] font-semibold text-amber-800">
        <CircleAlert className="h-4 w-4" aria-hidden /> {CHANGED_ELSEWHERE}
      </p>
      <p className="mt-1 text-[12.5px] text-zinc-600">
        This workflow was saved from another tab or window since you opened it. Autosave is paused. Reload to see the saved
        version (your edits here are dropped), or overwrite it with what you see here.
      </p>
      <div className="mt-3 flex justify-end gap-2">
        <Button variant="secondary" size="sm" onClick={onReload}>
          Reload
        </Button>
        <Button variant="danger" size="sm" onClick={onOverwrite}>
          Overwrite
        </Button>
      </div>
    </div>
  );
}
