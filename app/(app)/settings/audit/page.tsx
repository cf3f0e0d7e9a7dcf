import type { Metadata } from "next";
import Link from "next/link";
import { Download } from "lucide-react";
import { AUDIT_ACTIONS, AUDIT_ACTION_IDS, AUDIT_OBJECT_TYPES } from "@/lib/audit/actions";
import { ACTOR_KINDS, auditFilterSchema, describeAudit, listAuditEvents, type AuditRow } from "@/lib/audit/query";
import { auditRetentionDays } from "@/lib/audit/retention";
import { workspacePage } from "@/lib/workspaces/current";
import { getDb } from "@/lib/db/client";
import { relativeTime } from "@/lib/workflows/relative-time";

export const metadata: Metadata = { title: "Audit log" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const OBJECT_NAMES: Record<string, string> = { workflow: "Workflows", run: "Runs", secret: "Secrets", api_key: "API keys" };
const field = "rounded-lg border border-zinc-300 bg-white px-2.5 py-1.5 text-sm text-zinc-900 focus:border-indigo-500 focus:outline-none";

export default async function AuditPage({ searchParams }: Props) {
  const { workspace } = await workspacePage("admin");
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value]));
  const filter = auditFilterSchema.safeParse(raw);
  const { db } = await getDb();
  const rows = filter.success ? await listAuditEvents(db, workspace.id, filter.data) : [];
  const query = new URLSearchParams(Object.entries(raw).filter((entry): entry is [string, string] => typeof entry[1] === "string" && entry[1] !== "")).toString();
  const issue = filter.success ? null : filter.error.issues[0];
  const now = new Date();
  return (
    <section aria-labelledby="audit-heading" className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id="audit-heading" className="text-lg font-semibold text-zinc-900">
            Audit log
          </h2>
          <p className="mt-1 text-sm text-zinc-600">
            Every change to your workflows, runs, secrets and keys: who made it (you, an API key, or an approver&apos;s link), when, and from which address. Kept {auditRetentionDaysText()}.
          </p>
        </div>
        <a
          href={`/api/audit?format=csv&workspace=${encodeURIComponent(workspace.slug)}${query ? `&${query}` : ""}`}
          className="inline-flex items-center gap-1.5 rounded-lg border border-zinc-300 bg-white px-3 py-1.5 text-sm font-medium text-zinc-800 shadow-xs hover:bg-zinc-50"
          data-testid="audit-export"
        >
          <Download className="h-4 w-4" aria-hidden /> Export CSV
        </a>
      </div>
      <form method="get" className="flex flex-wrap items-end gap-3 rounded-2xl border border-zinc-200 bg-white p-3 shadow-xs" aria-label="Filter the audit log">
        <label className="grid gap-1 text-xs font-medium text-zinc-600">
          Action
          <select name="action" defaultValue={raw.action ?? ""} className={`${field} w-56`}>
            <option value="">Any</option>
            {AUDIT_ACTION_IDS.map((id) => (
              <option key={id} value={id}>
                {AUDIT_ACTIONS[id].charAt(0).toUpperCase() + AUDIT_ACTIONS[id].slice(1)}
              </option>
            ))}
          </select>
        </label>
        <label className="grid gap-1 text-xs font-medium text-zinc-600">
          On
          <select name="object" defaultValue={raw.object ?? ""} className={field}>
            <option value="">Anything</option>
            {AUDIT_OBJECT_TYPES.map((type) => (
              <option key={type} value={type}>
                {OBJECT_NAMES[type]}
              </option>
            ))}
          </select>
        </label>
        <label className="grid gap-1 text-xs font-medium text-zinc-600">
          By
          <input name="actor" defaultValue={raw.actor ?? ""} placeholder="Email or key name" className={`${field} w-44`} />
        </label>
        <label className="grid gap-1 text-xs font-medium text-zinc-600">
          From
          <input type="date" name="from" defaultValue={raw.from ?? ""} className={field} />
        </label>
        <label className="grid gap-1 text-xs font-medium text-zinc-600">
          To
          <input type="date" name="to" defaultValue={raw.to ?? ""} className={field} />
        </label>
        <button type="submit" className="rounded-lg bg-zinc-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-zinc-800">
          Filter
        </button>
        {query && (
          <Link href="/settings/audit" className="px-1 py-1.5 text-sm text-zinc-600 hover:text-zinc-900">
            Clear
          </Link>
        )}
      </form>
      {issue ? (
        <p role="alert" className="rounded-xl border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
          {issue.path.join(".")}: {issue.message}
        </p>
      ) : rows.length === 0 ? (
        <p className="rounded-2xl border border-dashed border-zinc-300 px-4 py-8 text-center text-sm text-zinc-500">{query ? "Nothing matches these filters." : "Nothing recorded yet."}</p>
      ) : (
        <>
          <ol aria-label="Audit log entries" className="divide-y divide-zinc-100 overflow-hidden rounded-2xl border border-zinc-200 bg-white shadow-xs">
            {rows.map((row) => (
              <AuditEntry key={row.id} row={row} now={now} />
            ))}
          </ol>
          {filter.success && rows.length === filter.data.limit && (
            <p className="text-sm text-zinc-500" data-testid="audit-truncated">
              The newest {rows.length} entries. Narrow the days or filters to see older ones, or export them all as CSV (up to 10,000 with <code className="font-mono">limit=10000</code>).
            </p>
          )}
        </>
      )}
    </section>
  );
}

function auditRetentionDaysText(): string {
  try {
    const days = auditRetentionDays();
    return days === 1 ? "for 1 day" : `for ${days} days`;
  } catch (error) {
    return `as configured (${(error as Error).message})`;
  }
}

function AuditEntry({ row, now }: { row: AuditRow; now: Date }) {
  const { actor, verb, object } = describeAudit(row);
  const href = row.objectType === "run" ? `/runs/${row.objectId}` : row.objectType === "workflow" && row.workflowName !== null ? `/workflows/${row.objectId}` : null;
  return (
    <li className="flex flex-wrap items-baseline gap-x-3 gap-y-1 px-4 py-3 text-sm" data-testid="audit-entry" data-action={row.action}>
      <time dateTime={row.at.toISOString()} title={row.at.toISOString()} className="grid w-32 shrink-0 text-xs text-zinc-500">
        <span>{relativeTime(row.at, now)}</span>
        <span className="font-mono text-[11px] text-zinc-400">{row.at.toISOString().slice(0, 16).replace("T", " ")} UTC</span>
      </time>
      <p className="min-w-0 flex-1 text-zinc-800">
        <span className="font-medium text-zinc-900">{actor}</span>
        {row.actorKind !== "user" && <span className="ml-1.5 rounded-full bg-zinc-100 px-2 py-0.5 text-[11px] font-medium text-zinc-600">{ACTOR_KINDS[row.actorKind] ?? row.actorKind}</span>} {verb}{" "}
        {href ? (
          <Link href={href} className="font-medium text-indigo-700 hover:underline">
            {object}
          </Link>
        ) : (
          <span className="font-medium">{object}</span>
        )}
        {row.objectType === "run" && row.workflowName && <span className="text-zinc-500"> of “{row.workflowName}”</span>}
      </p>
      <span className="font-mono text-xs text-zinc-500">{row.address ?? "address unknown"}</span>
    </li>
  );
}
