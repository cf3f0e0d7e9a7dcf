"use client";
/** Says so when a run's live connection is down: what the page shows may be behind until it is back. */
import { WifiOff } from "lucide-react";
import type { RunConnection } from "./use-run-view";

export function ConnectionBanner({ connection }: { connection: RunConnection | undefined }) {
  if (connection !== "lost") return null;
  return (
    <div role="status" data-testid="connection-banner" className="flex items-center gap-2 border-b border-amber-200 bg-amber-50 px-4 py-2 text-[12px] text-amber-900">
      <WifiOff className="h-3.5 w-3.5 shrink-0" aria-hidden />
      <span><span className="font-semibold">Live updates lost.</span> Reconnecting; the view catches up once the server answers.</span>
    </div>
  );
}
