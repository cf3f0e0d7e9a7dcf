// /outbox: the mail FlowMaestro wrote for the signed-in user's runs (approval links), newest first.
// Without SMTP configured this is where the mail stays; with it, each message shows whether it went.
import type { Metadata } from "next";
import Link from "next/link";
import { Inbox } from "lucide-react";
import { workspacePage } from "@/lib/workspaces/current";
import { getDb } from "@/lib/db/client";
import { listOutbox } from "@/lib/approvals/owner";

export const metadata: Metadata = { title: "Outbox" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<{ run?: string }> };

const LINK = /(https?:\/\/[^\s]+\/approve\/[A-Za-z0-9_-]{43})/;

function Body({ text }: { text: string }) {
  return (
    <p className="mt-3 whitespace-pre-wrap break-words text-[13px] leading-relaxed text-zinc-700">
      {text.split(LINK).map((part, i) => {
        if (!LINK.test(part)) return part;
        // The path on this server (the mailed origin may be AUTH_URL's).
        const path = new URL(part).pathname;
        return <a key={i} href={path} data-testid="outbox-link" className="font-medium text-indigo-600 underline decoration-indigo-200 underline-offset-2 hover:decoration-indigo-500">{part}</a>;
      })}
    </p>
  );
}

export default async function OutboxPage({ searchParams }: Props) {
  const { user, workspace } = await workspacePage("run");
  const { run } = await searchParams;
  const runId = typeof run === "string" && /^run_[A-Za-z0-9_-]{1,80}$/.test(run) ? run : undefined;
  const { db } = await getDb();
  const messages = await listOutbox(db, { userId: user.id }, workspace.id, { runId });
  const smtp = Boolean(process.env.SMTP_URL);
  return (
    <div>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Outbox</h1>
          <p className="mt-1 text-sm text-zinc-600">
            {smtp ? "Mail sent for your runs, and whether the mail server took it." : "No mail server is configured (SMTP_URL), so approval mail waits here: copy a link and pass it on."}
          </p>
        </div>
        {runId && <Link href="/outbox" className="text-sm font-medium text-indigo-600 hover:text-indigo-500">Show all runs</Link>}
      </div>
      {messages.length === 0 ? (
        <div className="mt-8 rounded-2xl border border-dashed border-zinc-300 bg-white px-6 py-14 text-center">
          <Inbox className="mx-auto size-8 text-zinc-400" aria-hidden />
          <p className="mt-3 text-sm font-medium text-zinc-800">Nothing here yet</p>
          <p className="mt-1 text-sm text-zinc-500">When a run waits for an approval, its mail shows up here.</p>
        </div>
      ) : (
        <ul className="mt-6 space-y-3" data-testid="outbox">
          {messages.map((m) => (
            <li key={m.id} className="rounded-xl border border-zinc-200 bg-white px-5 py-4 shadow-xs" data-testid="outbox-message">
              <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                <span className="text-[14px] font-semibold text-zinc-900">{m.subject}</span>
                <span className={`rounded-full px-2 py-0.5 text-[11px] font-medium ${m.sentAt ? "bg-emerald-50 text-emerald-700" : m.error ? "bg-red-50 text-red-700" : "bg-zinc-100 text-zinc-600"}`}>
                  {m.sentAt ? "Sent" : m.error ? "Not sent" : smtp ? "Sending" : "In outbox"}
                </span>
                <span className="ml-auto text-[12px] text-zinc-500">{m.createdAt.toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short" })}</span>
              </div>
              <p className="mt-1 text-[12.5px] text-zinc-500">
                To <span className="font-medium text-zinc-700">{m.to}</span>
                {m.runId && <> · run <Link href={`/runs/${m.runId}`} className="font-mono text-[12px] text-indigo-600 hover:underline">{m.runId}</Link></>}
              </p>
              {m.error && <p className="mt-2 rounded-lg bg-red-50 px-3 py-2 text-[12px] text-red-700">{m.error}</p>}
              <Body text={m.text} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
