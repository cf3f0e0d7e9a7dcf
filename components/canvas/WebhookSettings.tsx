"use client";
/**
 * The webhook node's settings: its URL (copy, regenerate the secret), the curl line to call it,
 * what it answers, and "Listen for a test event" (the next request is shown here, no run starts).
 */
import { useCallback, useEffect, useState } from "react";
import { Check, Copy, Radio, RefreshCw, Square } from "lucide-react";
import { listenWebhookAction, regenerateWebhookAction, webhookPanelAction, type WebhookPanelData } from "@/app/(app)/workflows/[id]/webhook-actions";
import type { ActionState } from "@/lib/auth/action";
import type { ListenState } from "@/lib/runs/webhook-listen";
import { WebhookResponseFields } from "./WebhookResponseFields";
import { WebhookTestEvent } from "./WebhookTestEvent";
import { formDataOf } from "@/components/ui/form-data";

/** How often the panel asks whether the request came, while listening. */
const POLL_MS = 1000;

export function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      // No clipboard on a plain-http origin other than localhost: the field can still be selected and copied by hand.
      onClick={() => void (navigator.clipboard?.writeText(text) ?? Promise.reject(new Error("no clipboard"))).then(() => setCopied(true), () => setCopied(false))}
      onBlur={() => setCopied(false)}
      className="flex h-8 shrink-0 items-center gap-1 rounded-lg border border-zinc-200 bg-white px-2.5 text-[12px] font-medium text-zinc-700 shadow-sm hover:border-indigo-300 hover:text-indigo-700"
    >
      {copied ? <Check className="h-3.5 w-3.5 text-emerald-600" aria-hidden /> : <Copy className="h-3.5 w-3.5" aria-hidden />}
      {copied ? "Copied" : "Copy"}
    </button>
  );
}

type Props = { workflowId: string; nodeId: string; config: Record<string, unknown>; onConfigChange: (config: Record<string, unknown>) => void };

export function WebhookSettings({ workflowId, nodeId, config, onConfigChange }: Props) {
  const [data, setData] = useState<WebhookPanelData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);

  const apply = useCallback(<D,>(state: ActionState<D>, use: (d: D) => void) => {
    if (state.error || state.data === undefined) return setError(state.error ?? "Something went wrong on our side.");
    setError(null);
    use(state.data);
  }, []);
  const setListen = useCallback((listen: ListenState) => setData((d) => (d ? { ...d, listen } : d)), []);

  const refresh = useCallback(async () => {
    apply(await webhookPanelAction({}, formDataOf({ workflowId })), setData);
  }, [apply, workflowId]);

  useEffect(() => {
    // Read after mount, as a timer callback (state set from a callback, not the effect body); a
    // failure shows in the panel rather than throwing.
    const first = setTimeout(() => void refresh().catch(() => setError("The server didn't answer.")), 0);
    return () => clearTimeout(first);
  }, [refresh]);

  const listening = data?.listen.listening === true;
  useEffect(() => {
    if (!listening) return;
    const timer = setInterval(() => void refresh().catch(() => setError("The server didn't answer.")), POLL_MS);
    return () => clearInterval(timer);
  }, [listening, refresh]);

  const act = async (body: () => Promise<void>) => {
    setBusy(true);
    try {
      await body();
    } catch {
      setError("The server didn't answer; nothing changed.");
    } finally {
      setBusy(false);
    }
  };
  const regenerate = () =>
    act(async () => {
      const state = await regenerateWebhookAction({}, formDataOf({ workflowId }));
      apply(state, ({ path }) => setData((d) => (d ? { ...d, path } : d)));
      setNotice(state.message ?? null);
      setConfirming(false);
    });
  const listen = (mode: "start" | "stop") => act(async () => apply(await listenWebhookAction({}, formDataOf({ workflowId, listen: mode })), setListen));

  if (!data) {
    return error ? <p role="alert" className="text-[12px] text-red-600">{error}</p> : <div className="h-24 animate-pulse rounded-lg bg-zinc-100" aria-label="Loading the webhook URL" />;
  }
  const url = `${window.location.origin}${data.path}`;
  const curl = `curl -X POST '${url}' \\\n  -H 'content-type: application/json' \\\n  -d '{"hello": "world"}'`;
  return (
    <div className="space-y-4" data-testid="webhook-settings">
      <div>
        <label htmlFor="webhook-url" className="mb-1 block text-[12px] font-medium text-zinc-700">Webhook URL</label>
        <div className="flex gap-1.5">
          <input id="webhook-url" readOnly value={url} onFocus={(e) => e.currentTarget.select()} spellCheck={false} className="h-8 min-w-0 flex-1 rounded-lg border border-zinc-200 bg-zinc-50 px-2.5 font-mono text-[11.5px] text-zinc-800 focus:border-indigo-500 focus:outline-none" />
          <CopyButton text={url} label="Copy webhook URL" />
        </div>
        <p className="mt-1 text-[11px] text-zinc-500">Any request to it starts a run. The URL&apos;s secret is the password: share it like one.</p>
      </div>

      <div>
        <div className="mb-1 flex items-center justify-between">
          <span className="text-[12px] font-medium text-zinc-700">Call it</span>
          <CopyButton text={curl} label="Copy curl command" />
        </div>
        <pre data-testid="webhook-curl" className="overflow-x-auto rounded-lg bg-zinc-950 px-3 py-2.5 font-mono text-[11px] leading-relaxed text-zinc-100">{curl}</pre>
      </div>

      <div>
        <span className="mb-1 block text-[12px] font-semibold text-zinc-800">Response</span>
        <WebhookResponseFields config={config} onChange={onConfigChange} />
      </div>

      <div className="rounded-xl border border-zinc-200 p-3">
        <div className="flex items-center gap-2">
          <Radio className={`h-4 w-4 ${listening ? "text-emerald-600" : "text-zinc-400"}`} aria-hidden />
          <span className="flex-1 text-[12.5px] font-semibold text-zinc-800">Test event</span>
          {listening ? (
            <button type="button" disabled={busy} onClick={() => void listen("stop")} className="flex h-7 items-center gap-1 rounded-lg px-2 text-[12px] font-medium text-zinc-600 hover:bg-zinc-100">
              <Square className="h-3 w-3 fill-current" aria-hidden /> Stop
            </button>
          ) : (
            <button type="button" disabled={busy} onClick={() => void listen("start")} className="h-7 rounded-lg bg-indigo-600 px-2.5 text-[12px] font-semibold text-white shadow-sm hover:bg-indigo-500 disabled:opacity-60">
              Listen for a test event
            </button>
          )}
        </div>
        {listening ? (
          <p role="status" className="mt-2 flex items-center gap-2 text-[12px] text-emerald-700">
            <span className="relative flex h-2 w-2"><span className="absolute inline-flex h-full w-full animate-ping rounded-full bg-emerald-400 opacity-75" /><span className="relative inline-flex h-2 w-2 rounded-full bg-emerald-500" /></span>
            Waiting for a request… The next call is shown here and starts no run.
          </p>
        ) : data.listen.event ? (
          <WebhookTestEvent event={data.listen.event} nodeId={nodeId} />
        ) : (
          <p className="mt-2 text-[11.5px] text-zinc-500">Send a request while listening to see its body, headers and query here, without starting a run.</p>
        )}
      </div>

      <div className="border-t border-zinc-100 pt-3">
        {confirming ? (
          <div role="alertdialog" aria-labelledby="regen-title" className="rounded-lg border border-amber-200 bg-amber-50 p-3">
            <p id="regen-title" className="text-[12px] text-amber-900">Make a new URL? The current one stops working at once; callers using it get 404.</p>
            <div className="mt-2 flex justify-end gap-2">
              <button type="button" onClick={() => setConfirming(false)} className="rounded-lg px-2.5 py-1 text-[12px] font-medium text-zinc-700 hover:bg-white">Cancel</button>
              <button type="button" disabled={busy} onClick={() => void regenerate()} className="rounded-lg bg-amber-600 px-2.5 py-1 text-[12px] font-semibold text-white hover:bg-amber-500 disabled:opacity-60">Regenerate</button>
            </div>
          </div>
        ) : (
          <button type="button" onClick={() => { setNotice(null); setConfirming(true); }} className="flex items-center gap-1.5 text-[12px] font-medium text-zinc-600 hover:text-amber-700">
            <RefreshCw className="h-3.5 w-3.5" aria-hidden /> Regenerate secret
          </button>
        )}
        {notice && <p role="status" className="mt-2 text-[11.5px] text-zinc-600">{notice}</p>}
      </div>
      {error && <p role="alert" className="text-[12px] text-red-600">{error}</p>}
    </div>
  );
}
