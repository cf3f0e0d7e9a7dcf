"use client";
/** The run page's Re-run (same inputs, same version) and Retry from failed (reuses the nodes that completed). */
import { useState } from "react";
import { useRouter } from "next/navigation";
import { LoaderCircle, RotateCcw, StepForward } from "lucide-react";
import { rerunAction } from "@/app/(app)/runs/[id]/rerun-actions";
import { isTerminal } from "./run-status-sets";
import type { RunStatus } from "./run-view-types";
import { formDataOf } from "@/components/ui/form-data";

export function RerunButtons({ runId, status }: { runId: string; status: RunStatus }) {
  const router = useRouter();
  const [busy, setBusy] = useState<"plain" | "failed" | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!isTerminal(status)) return null;

  const rerun = async (fromFailed: boolean) => {
    setBusy(fromFailed ? "failed" : "plain");
    setError(null);
    try {
      const state = await rerunAction({}, formDataOf({ runId, fromFailed: String(fromFailed) }));
      if (state.error || !state.data) return setError(state.error ?? "The run did not start.");
      router.push(`/runs/${encodeURIComponent(state.data.runId)}`);
    } catch {
      setError("The server didn't answer; the run did not start.");
    } finally {
      setBusy(null);
    }
  };
  const button = "flex h-8 shrink-0 items-center gap-1.5 rounded-lg px-3 text-[12.5px] font-semibold disabled:opacity-60";
  return (
    <div className="flex shrink-0 items-center gap-2">
      {error && <span role="alert" className="max-w-56 truncate text-[12px] font-medium text-red-600" title={error}>{error}</span>}
      {status === "failed" && (
        <button type="button" disabled={busy !== null} onClick={() => void rerun(true)} title="Run again from the failed node, reusing the outputs of the nodes that completed" className={`${button} border border-zinc-200 bg-white text-zinc-800 shadow-sm hover:border-indigo-300 hover:text-indigo-700`}>
          {busy === "failed" ? <LoaderCircle className="h-3.5 w-3.5 animate-spin" aria-hidden /> : <StepForward className="h-3.5 w-3.5" aria-hidden />}
          Retry from failed
        </button>
      )}
      <button type="button" disabled={busy !== null} onClick={() => void rerun(false)} title="Start a new run with the same inputs and workflow version" className={`${button} bg-indigo-600 text-white shadow-sm hover:bg-indigo-500`}>
        {busy === "plain" ? <LoaderCircle className="h-3.5 w-3.5 animate-spin" aria-hidden /> : <RotateCcw className="h-3.5 w-3.5" aria-hidden />}
        Re-run
      </button>
    </div>
  );
}
