"use client";
/**
 * The owner's approval and sharing controls in the run panel (issue 6): each waiting step's
 * links to copy (as mailed; the outbox has the messages) and Approve/Reject buttons, and the
 * run's share link switch. Every call is an owner-checked server action.
 */
import { useCallback, useEffect, useState } from "react";
import Link from "next/link";
import { Check, Copy, Globe, Inbox, Link2 } from "lucide-react";
import { decideApprovalAction, runShareStateAction, setShareEmbeddingAction, setSharingAction } from "@/app/(app)/runs/[id]/approval-actions";
import type { ChildWait } from "@/lib/approvals/child-waits";
import type { WaitpointLink } from "@/lib/approvals/owner";

function CopyButton({ text, label, testId }: { text: string; label: string; testId?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      data-testid={testId}
      data-link={text}
      onClick={() => void navigator.clipboard?.writeText(text).then(() => setCopied(true), () => setCopied(false))}
      className="flex shrink-0 items-center gap-1 rounded-md px-1.5 py-1 text-[11px] font-medium text-zinc-600 ring-1 ring-zinc-200 hover:bg-zinc-50"
      title={label}
      aria-label={label}
    >
      {copied ? <Check className="h-3 w-3 text-emerald-600" aria-hidden /> : <Copy className="h-3 w-3" aria-hidden />} {copied ? "Copied" : "Copy"}
    </button>
  );
}

/** While the run waits for a sub-workflow, what the child waits for is read again this often (its events are the child's, not ours). */
const CHILD_POLL_MS = 2000;

/**
 * Links of the run's open waitpoints (and of its sub-workflows'), refreshed whenever the set of
 * waiting steps changes, and polled while `followChildren` (the run waits for a sub-workflow).
 */
export function useWaitpointLinks(runId: string, waitingKey: string, followChildren = false) {
  const [links, setLinks] = useState<WaitpointLink[]>([]);
  const [children, setChildren] = useState<ChildWait[]>([]);
  const [shared, setShared] = useState(false);
  const [embeddable, setEmbeddable] = useState(false);
  useEffect(() => {
    if (!runId) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const read = () =>
      void runShareStateAction(runId).then(
        (state) => {
          if (!live || "error" in state) return;
          setLinks(state.links);
          setChildren(state.childWaits);
          setShared(state.shared);
          setEmbeddable(state.embeddable);
          if (followChildren) timer = setTimeout(read, CHILD_POLL_MS);
        },
        () => {
          if (live && followChildren) timer = setTimeout(read, CHILD_POLL_MS);
        },
      );
    read();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [runId, waitingKey, followChildren]);
  return { links, shared, embeddable, children };
}

/** What a sub-workflow the run waits for waits for: each approval or input, decided here like the run's own. */
export function ChildWaits({ waits, links }: { waits: ChildWait[]; links: WaitpointLink[] }) {
  if (waits.length === 0) return null;
  return (
    <ul className="mt-2 space-y-1.5 border-l-2 border-violet-200 pl-2.5" data-testid="child-waits">
      {waits.map((w) => (
        <li key={w.waitpointId} data-testid={`child-wait-${w.nodeId}`}>
          <p className="text-[11.5px] text-zinc-700">
            <span className="font-semibold">{w.kind === "approval" ? "Approval" : "Input"}</span> at <code className="font-mono text-[11px]">{w.nodeId}</code> in{" "}
            <Link href={`/runs/${encodeURIComponent(w.runId)}`} className="font-medium text-violet-700 underline-offset-2 hover:underline">
              run {w.runId.slice(0, 12)}…
            </Link>
          </p>
          <WaitpointControls runId={w.runId} waitpointId={w.waitpointId} kind={w.kind} links={links} />
        </li>
      ))}
    </ul>
  );
}

export function WaitpointControls({ runId, waitpointId, kind, links }: { runId: string; waitpointId: string; kind: string; links: WaitpointLink[] }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const mine = links.filter((l) => l.waitpointId === waitpointId);
  const decide = async (decision: "approved" | "rejected") => {
    setBusy(decision);
    setError(null);
    const result = await decideApprovalAction({ runId, waitpointId, decision });
    if ("error" in result) setError(result.error);
    setBusy(null);
  };
  return (
    <div className="mt-2 space-y-1.5">
      {mine.map((l) => (
        <div key={l.path} className="flex items-center gap-1.5 text-[11px] text-zinc-600">
          <Link2 className="h-3 w-3 shrink-0 text-violet-500" aria-hidden />
          <span className="min-w-0 flex-1 truncate" title={l.to}>{l.to}{l.used ? " · voted" : ""}</span>
          <CopyButton text={typeof window === "undefined" ? l.url : `${window.location.origin}${l.path}`} label={`Copy ${l.to}'s link`} testId="copy-approval-link" />
        </div>
      ))}
      {kind === "approval" && (
        <div className="flex gap-1.5 pt-0.5">
          <button type="button" disabled={busy !== null} onClick={() => void decide("approved")} className="rounded-md bg-emerald-600 px-2 py-1 text-[11px] font-semibold text-white hover:bg-emerald-500 disabled:opacity-50">
            {busy === "approved" ? "Approving…" : "Approve"}
          </button>
          <button type="button" disabled={busy !== null} onClick={() => void decide("rejected")} className="rounded-md px-2 py-1 text-[11px] font-semibold text-red-600 ring-1 ring-red-200 hover:bg-red-50 disabled:opacity-50">
            {busy === "rejected" ? "Rejecting…" : "Reject"}
          </button>
          <Link href={`/outbox?run=${encodeURIComponent(runId)}`} className="ml-auto flex items-center gap-1 rounded-md px-1.5 py-1 text-[11px] font-medium text-violet-700 hover:bg-violet-100">
            <Inbox className="h-3 w-3" aria-hidden /> Outbox
          </Link>
        </div>
      )}
      {error && <p role="alert" className="text-[11px] text-red-600">{error}</p>}
    </div>
  );
}

/** Share switch: on gives a fresh public link (shown once, copyable); off makes it 404 at once. */
export function ShareControl({ runId, shared, embeddable = false }: { runId: string; shared: boolean; embeddable?: boolean }) {
  const [on, setOn] = useState(shared);
  const [seen, setSeen] = useState(shared);
  if (seen !== shared) {
    setSeen(shared);
    setOn(shared);
  }
  const [url, setUrl] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const toggle = useCallback(async (next: boolean) => {
    setBusy(true);
    const result = await setSharingAction(runId, next);
    setBusy(false);
    if ("error" in result) return;
    setOn(next);
    setUrl(result.path ? `${window.location.origin}${result.path}` : null);
  }, [runId]);
  return (
    <div className="mt-3 rounded-lg bg-zinc-50 px-2.5 py-2 ring-1 ring-zinc-200" data-testid="share-control">
      <div className="flex items-center gap-2 text-[12px]">
        <Globe className={`h-3.5 w-3.5 ${on ? "text-emerald-600" : "text-zinc-400"}`} aria-hidden />
        <span className="flex-1 font-medium text-zinc-700">{on ? "Shared: anyone with the link can watch" : "Not shared"}</span>
        {on && !url && <button type="button" disabled={busy} onClick={() => void toggle(true)} className="rounded-md px-1.5 py-1 text-[11px] font-medium text-zinc-600 hover:bg-zinc-100">New link</button>}
        <button type="button" disabled={busy} onClick={() => void toggle(!on)} className={`rounded-md px-2 py-1 text-[11px] font-semibold ${on ? "text-red-600 ring-1 ring-red-200 hover:bg-red-50" : "bg-zinc-900 text-white hover:bg-zinc-700"} disabled:opacity-50`}>
          {on ? "Stop sharing" : "Share"}
        </button>
      </div>
      {on && url && (
        <div className="mt-2 flex items-center gap-1.5">
          <input readOnly value={url} data-testid="share-url" className="min-w-0 flex-1 rounded-md border border-zinc-200 bg-white px-2 py-1 font-mono text-[11px] text-zinc-700" onFocus={(e) => e.currentTarget.select()} />
          <CopyButton text={url} label="Copy the share link" />
        </div>
      )}
      {on && <EmbedToggle runId={runId} embeddable={embeddable} url={url} />}
    </div>
  );
}

/** Whether other sites may show the share page in an iframe (at the link + /embed); off by default. */
function EmbedToggle({ runId, embeddable, url }: { runId: string; embeddable: boolean; url: string | null }) {
  const [on, setOn] = useState(embeddable);
  const [seen, setSeen] = useState(embeddable);
  if (seen !== embeddable) {
    setSeen(embeddable);
    setOn(embeddable);
  }
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const toggle = async (next: boolean) => {
    setOn(next); // at once; put back if the server refuses
    setBusy(true);
    const result = await setShareEmbeddingAction(runId, next);
    setBusy(false);
    setError("error" in result ? result.error : null);
    setOn("error" in result ? !next : result.embeddable);
  };
  return (
    <div className="mt-2 text-[11px] text-zinc-600">
      <label className="flex items-center gap-1.5">
        <input type="checkbox" checked={on} disabled={busy} onChange={(e) => void toggle(e.currentTarget.checked)} data-testid="share-embeddable" />
        Allow other sites to embed this page
      </label>
      {on && <p className="mt-1 truncate font-mono text-[10.5px] text-zinc-500" data-testid="share-embed-url">{`<iframe src="${url ?? "<share link>"}/embed">`}</p>}
      {error && <p role="alert" className="text-red-600">{error}</p>}
    </div>
  );
}
