"use client";
/** The approval link's card: the question and its form, or what became of it (decided, expired). */
import { useState, type FormEvent } from "react";
import { CheckCircle2, Clock, Hourglass, Link2Off, XCircle } from "lucide-react";
import type { InputField } from "@/lib/approvals/form";
import type { LinkView } from "@/lib/approvals/view";

type Props = { token: string; initial: LinkView; fields: InputField[] };
type Answer = { ok: boolean; reason?: string; errors?: Record<string, string>; view?: LinkView; error?: string };

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

export function ApprovalCard({ token, initial, fields }: Props) {
  const [view, setView] = useState<LinkView>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<string | null>(null);
  const [sending, setSending] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const data = new FormData(event.currentTarget);
    const decision = submitter?.value ?? "submit";
    data.set("decision", decision);
    setSending(decision);
    setNotice(null);
    try {
      const response = await fetch(`/approve/${encodeURIComponent(token)}/decide`, { method: "POST", body: data });
      const answer = (await response.json()) as Answer;
      setErrors(answer.errors ?? {});
      if (answer.view && (answer.ok || answer.reason !== "invalid-input")) setView(answer.view);
      if (answer.reason === "busy") setNotice("The run is busy for a moment; please send it again.");
      if (answer.error) setNotice(answer.error);
    } catch {
      setNotice("We couldn't reach the server; check your connection and send it again.");
    } finally {
      setSending(null);
    }
  }

  if (view.state !== "open") return <Outcome view={view} />;
  const approval = view.kind === "approval";
  return (
    <form onSubmit={(e) => void submit(e)} className="overflow-hidden rounded-2xl border border-zinc-200 bg-white shadow-sm" noValidate data-testid="approval-form">
      <div className="border-b border-zinc-100 px-6 pb-5 pt-6">
        <p className="flex items-center gap-2 text-[12px] font-medium text-zinc-500">
          <span className="rounded-full bg-violet-50 px-2 py-0.5 text-violet-700 ring-1 ring-violet-100">{approval ? "Approval requested" : "Input requested"}</span>
          <span className="truncate">{view.workflowName}</span>
        </p>
        <h1 className="mt-3 whitespace-pre-wrap text-[17px] font-semibold leading-snug text-zinc-900" data-testid="approval-message">{view.message || (approval ? "Please approve or reject." : "Please fill in the form.")}</h1>
        <div className="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-[12px] text-zinc-500">
          {view.approver && <span>For <span className="font-medium text-zinc-700">{view.approver}</span></span>}
          {view.expiresAt && <span className="flex items-center gap-1"><Clock className="h-3.5 w-3.5" aria-hidden /> Until {when(view.expiresAt)}</span>}
          {approval && view.required > 1 && <span>{view.approvals} of {view.required} approvals in</span>}
        </div>
      </div>
      {fields.length > 0 && (
        <div className="space-y-4 px-6 py-5">
          {fields.map((f) => <Field key={f.key} field={f} error={errors[f.key]} />)}
        </div>
      )}
      {(errors[""] || notice) && <p role="alert" className="mx-6 mb-4 rounded-lg bg-red-50 px-3 py-2 text-[13px] text-red-700">{errors[""] ?? notice}</p>}
      <div className="flex items-center justify-end gap-2 border-t border-zinc-100 bg-zinc-50/60 px-6 py-4">
        {approval ? (
          <>
            <button type="submit" name="decision" value="rejected" disabled={sending !== null} className="rounded-lg px-4 py-2 text-[14px] font-semibold text-red-600 ring-1 ring-red-200 hover:bg-red-50 disabled:opacity-50">
              {sending === "rejected" ? "Rejecting…" : "Reject"}
            </button>
            <button type="submit" name="decision" value="approved" disabled={sending !== null} className="rounded-lg bg-emerald-600 px-4 py-2 text-[14px] font-semibold text-white shadow-sm hover:bg-emerald-500 disabled:opacity-50">
              {sending === "approved" ? "Approving…" : "Approve"}
            </button>
          </>
        ) : (
          <button type="submit" name="decision" value="submit" disabled={sending !== null} className="rounded-lg bg-indigo-600 px-4 py-2 text-[14px] font-semibold text-white shadow-sm hover:bg-indigo-500 disabled:opacity-50">
            {sending ? "Sending…" : "Send"}
          </button>
        )}
      </div>
    </form>
  );
}

function Field({ field: f, error }: { field: InputField; error?: string }) {
  const id = `field-${f.key}`;
  const base = `mt-1.5 block w-full rounded-lg border bg-white px-3 py-2 text-[14px] text-zinc-900 shadow-xs outline-none focus:ring-2 ${error ? "border-red-300 focus:ring-red-200" : "border-zinc-300 focus:border-indigo-500 focus:ring-indigo-100"}`;
  const label = (
    <span className="text-[13px] font-medium text-zinc-800">
      {f.label}
      {f.required && <span className="ml-0.5 text-red-500" aria-hidden>*</span>}
    </span>
  );
  const help = f.description && <span className="mt-1 block text-[12px] text-zinc-500">{f.description}</span>;
  const err = error && <span className="mt-1 block text-[12px] font-medium text-red-600" role="alert">{error}</span>;
  if (f.kind === "boolean") {
    return (
      <label htmlFor={id} className="flex items-start gap-2.5">
        <input id={id} type="checkbox" name={`field:${f.key}`} defaultChecked={f.initial === true} className="mt-0.5 h-4 w-4 rounded border-zinc-300 accent-indigo-600" />
        <span>{label}{help}{err}</span>
      </label>
    );
  }
  return (
    <label htmlFor={id} className="block">
      {label}
      {f.kind === "enum" ? (
        <select id={id} name={`field:${f.key}`} defaultValue={String(f.initial)} className={base} aria-invalid={Boolean(error)}>
          {(f.options ?? []).map((o) => <option key={o} value={o}>{o}</option>)}
        </select>
      ) : f.kind === "json" ? (
        <textarea id={id} name={`field:${f.key}`} defaultValue={String(f.initial)} rows={4} className={`${base} font-mono text-[13px]`} aria-invalid={Boolean(error)} />
      ) : (
        <input id={id} name={`field:${f.key}`} type={f.kind === "string" ? "text" : "number"} step={f.kind === "integer" ? 1 : "any"} defaultValue={String(f.initial)} className={base} aria-invalid={Boolean(error)} />
      )}
      {help}
      {err}
    </label>
  );
}

function Outcome({ view }: { view: Exclude<LinkView, { state: "open" }> }) {
  const card = "rounded-2xl border border-zinc-200 bg-white px-6 py-8 text-center shadow-sm";
  if (view.state === "decided") {
    const rejected = view.decision === "rejected";
    const Icon = rejected ? XCircle : CheckCircle2;
    return (
      <div className={card} data-testid="approval-outcome">
        <Icon className={`mx-auto h-10 w-10 ${rejected ? "text-red-500" : "text-emerald-500"}`} aria-hidden />
        <h1 className="mt-4 text-[17px] font-semibold text-zinc-900">{view.decision === "submitted" ? "Submitted" : rejected ? "Rejected" : "Approved"}</h1>
        <p className="mt-2 text-[14px] text-zinc-600">Already decided by <span className="font-medium text-zinc-900">{view.by ?? "someone"}</span> at {when(view.at)}.</p>
        <p className="mt-1 text-[12.5px] text-zinc-400">The workflow has been told; you can close this page.</p>
      </div>
    );
  }
  if (view.state === "voted") {
    return (
      <div className={card} data-testid="approval-outcome">
        <Hourglass className="mx-auto h-10 w-10 text-violet-500" aria-hidden />
        <h1 className="mt-4 text-[17px] font-semibold text-zinc-900">Your approval is in</h1>
        <p className="mt-2 text-[14px] text-zinc-600">Recorded at {when(view.at)}: {view.approvals} of {view.required} approvals so far. The workflow continues when enough people approve.</p>
      </div>
    );
  }
  if (view.state === "cancelled") {
    return (
      <div className={card} data-testid="approval-outcome">
        <XCircle className="mx-auto h-10 w-10 text-zinc-400" aria-hidden />
        <h1 className="mt-4 text-[17px] font-semibold text-zinc-900">This run was cancelled</h1>
        <p className="mt-2 text-[14px] text-zinc-600">Nothing is waiting for a decision any more.</p>
      </div>
    );
  }
  return (
    <div className={card} data-testid="approval-outcome">
      <Link2Off className="mx-auto h-10 w-10 text-zinc-400" aria-hidden />
      <h1 className="mt-4 text-[17px] font-semibold text-zinc-900">This link has expired or isn’t valid</h1>
      <p className="mt-2 text-[14px] text-zinc-600">Approval links work once and only until their deadline. If you still need to decide, ask the person who runs this workflow for a new link.</p>
    </div>
  );
}
