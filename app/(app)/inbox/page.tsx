import type { Metadata } from "next";
import Link from "next/link";
import { Inbox } from "lucide-react";
import { InboxDecision } from "@/components/approvals/inbox-decision";
import { inboxOf } from "@/lib/approvals/inbox";
import { getDb } from "@/lib/db/client";
import { relativeTime } from "@/lib/workflows/relative-time";
import { currentWorkspace } from "@/lib/workspaces/current";

export const metadata: Metadata = { title: "Inbox" };

const WHY: Record<string, string> = { you: "Asked of you", starter: "You started this run" };

/** The approvals waiting for the signed-in member, across their workspaces (lib/approvals/inbox.ts). */
export default async function InboxPage() {
  const { user } = await currentWorkspace();
  const { db } = await getDb();
  const items = await inboxOf(db, user);
  const now = new Date();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Inbox</h1>
        <p className="mt-1 text-sm text-zinc-600">Approvals that wait for you, or for a role you have, in every workspace you are in.</p>
      </div>
      {items.length === 0 ? (
        <div className="flex flex-col items-center gap-2 rounded-2xl border border-dashed border-zinc-300 bg-white px-6 py-12 text-center">
          <Inbox aria-hidden className="size-6 text-zinc-400" />
          <p className="text-sm font-medium text-zinc-800">Nothing waits for you.</p>
          <p className="text-sm text-zinc-500">When a run asks you or your role to approve, it shows here.</p>
        </div>
      ) : (
        <ul aria-label="Waiting approvals" className="divide-y divide-zinc-100 overflow-hidden rounded-2xl border border-zinc-200 bg-white shadow-xs">
          {items.map((item) => (
            <li key={item.waitpointId} data-testid="inbox-item" className="flex flex-wrap items-start gap-4 px-5 py-4">
              <div className="min-w-0 flex-1">
                <p className="font-medium text-zinc-900">{item.message || "Approve this step?"}</p>
                <p className="mt-1 text-xs text-zinc-500">
                  <Link href={`/w/${item.workspace.slug}/runs/${item.runId}`} className="font-medium text-indigo-700 hover:underline">
                    {item.workflowName ?? "A workflow"}
                  </Link>{" "}
                  · {item.workspace.name} · {WHY[item.addressedAs] ?? `Asked of ${item.addressedAs.replace("role:", "every ")}`} · opened {relativeTime(item.openedAt, now)}
                  {item.expiresAt ? ` · expires ${relativeTime(item.expiresAt, now)}` : ""}
                </p>
              </div>
              <InboxDecision runId={item.runId} waitpointId={item.waitpointId} label={item.workflowName ?? item.message} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
