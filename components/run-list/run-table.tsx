/** The Runs page's table: status, workflow, trigger, started, duration, model cost; each row opens the run. */
import Link from "next/link";
import { Activity } from "lucide-react";
import { RunStatusPill } from "@/components/runs/run-status";
import { formatDuration } from "@/components/runs/run-format";
import type { RunListRow } from "@/lib/runs/store/run-list";
import { relativeTime } from "@/lib/workflows/relative-time";

const TRIGGER_LABELS: Record<string, string> = { manual: "Manual", api: "API", webhook: "Webhook", schedule: "Schedule", cli: "Command line" };

/** "$0.0123" (four decimals below a cent), tokens when no price is known, "—" without model calls. */
function costText(usage: RunListRow["usage"]): string {
  if (!usage) return "—";
  if (usage.usd === null) return `${usage.totalTokens.toLocaleString("en-US")} tokens`;
  return `$${usage.usd.toFixed(usage.usd < 0.01 ? 4 : 2)}`;
}

function duration(row: RunListRow): string {
  if (row.durationMs !== null) return formatDuration(row.durationMs);
  if (row.finishedAt) return formatDuration(row.finishedAt.getTime() - row.startedAt.getTime());
  return "—"; // still going or waiting: the run's own page shows it live
}

export function RunTable({ rows, now, filtered }: { rows: RunListRow[]; now: Date; filtered: boolean }) {
  if (rows.length === 0) {
    return (
      <div className="rounded-2xl border border-dashed border-zinc-300 bg-white px-6 py-14 text-center">
        <span className="mx-auto flex size-11 items-center justify-center rounded-xl bg-indigo-50 text-indigo-600 ring-1 ring-indigo-100">
          <Activity aria-hidden className="size-5" />
        </span>
        <p className="mt-3 text-sm font-medium text-zinc-900">{filtered ? "Nothing matches" : "No runs yet"}</p>
        <p className="mt-1 text-sm text-zinc-600">{filtered ? "Try another status, workflow or run id." : "Run a workflow from its editor, the API, a webhook or a schedule."}</p>
      </div>
    );
  }
  return (
    <div className="overflow-x-auto rounded-2xl border border-zinc-200 bg-white shadow-xs">
      <table className="w-full text-left text-sm" aria-label="Runs">
        <thead className="border-b border-zinc-200 bg-zinc-50/70 text-xs font-medium tracking-wide text-zinc-500 uppercase">
          <tr>
            <th scope="col" className="px-4 py-2.5 font-medium">Status</th>
            <th scope="col" className="px-4 py-2.5 font-medium">Run</th>
            <th scope="col" className="px-4 py-2.5 font-medium">Workflow</th>
            <th scope="col" className="px-4 py-2.5 font-medium">Trigger</th>
            <th scope="col" className="px-4 py-2.5 font-medium">Started</th>
            <th scope="col" className="px-4 py-2.5 text-right font-medium">Duration</th>
            <th scope="col" className="px-4 py-2.5 text-right font-medium">Cost</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {rows.map((row) => (
            <tr key={row.id} className="hover:bg-zinc-50" data-testid="run-row" data-run-id={row.id}>
              <td className="px-4 py-3">
                <RunStatusPill status={row.status} small />
              </td>
              <td className="px-4 py-3">
                <Link href={`/runs/${row.id}`} className="font-mono text-[12.5px] text-zinc-800 hover:text-indigo-600">
                  {row.id}
                </Link>
              </td>
              <td className="max-w-56 truncate px-4 py-3 text-zinc-800">
                {row.workflowId && row.workflowName ? (
                  <Link href={`/workflows/${row.workflowId}`} className="hover:text-indigo-600">
                    {row.workflowName}
                  </Link>
                ) : (
                  <span className="text-zinc-400">—</span>
                )}
              </td>
              <td className="px-4 py-3 text-zinc-600">{TRIGGER_LABELS[row.trigger] ?? row.trigger}</td>
              <td className="px-4 py-3 text-zinc-600" title={row.startedAt.toISOString()}>
                {relativeTime(row.startedAt, now)}
              </td>
              <td className="px-4 py-3 text-right text-zinc-600 tabular-nums">{duration(row)}</td>
              <td className="px-4 py-3 text-right text-zinc-600 tabular-nums" data-testid="run-cost" title={row.usage ? `${row.usage.calls} model call${row.usage.calls === 1 ? "" : "s"}, ${row.usage.totalTokens.toLocaleString("en-US")} tokens` : "No model calls"}>
                {costText(row.usage)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
