/** The Runs page's filters: a plain GET form, so every filtered view is a link. */
import Link from "next/link";
import { Search } from "lucide-react";
import { buttonClasses } from "@/components/ui/button";
import { inputClasses } from "@/components/ui/field";

type Props = {
  statuses: readonly string[];
  workflows: { id: string; name: string }[];
  current: { status: string; workflow: string; q: string };
};

const LABELS: Record<string, string> = { pending: "Starting", running: "Running", paused: "Waiting", completed: "Completed", failed: "Failed", cancelled: "Cancelled" };

export function RunFilters({ statuses, workflows, current }: Props) {
  const any = current.status || current.workflow || current.q;
  return (
    <form role="search" action="/runs" aria-label="Filter runs" className="flex flex-wrap items-end gap-3 rounded-2xl border border-zinc-200 bg-white p-3 shadow-xs">
      <div className="relative min-w-56 flex-1">
        <label htmlFor="run-search" className="mb-1 block text-xs font-medium text-zinc-600">
          Run id
        </label>
        <Search aria-hidden className="pointer-events-none absolute bottom-3 left-3 size-4 text-zinc-400" />
        <input id="run-search" name="q" type="search" defaultValue={current.q} placeholder="run_…" autoComplete="off" className={`${inputClasses} pl-9 font-mono`} />
      </div>
      <div>
        <label htmlFor="run-status-filter" className="mb-1 block text-xs font-medium text-zinc-600">
          Status
        </label>
        <select id="run-status-filter" name="status" defaultValue={current.status} className={`${inputClasses} w-40`}>
          <option value="">Any status</option>
          {statuses.map((s) => (
            <option key={s} value={s}>
              {LABELS[s] ?? s}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="run-workflow-filter" className="mb-1 block text-xs font-medium text-zinc-600">
          Workflow
        </label>
        <select id="run-workflow-filter" name="workflow" defaultValue={current.workflow} className={`${inputClasses} w-56`}>
          <option value="">All workflows</option>
          {workflows.map((w) => (
            <option key={w.id} value={w.id}>
              {w.name}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className={buttonClasses("primary", "md")}>
        Apply
      </button>
      {any && (
        <Link href="/runs" className={buttonClasses("ghost", "md")}>
          Clear
        </Link>
      )}
    </form>
  );
}
