"use client";
/** The toolbar's Run button and the inputs dialog generated from the workflow's `inputs` schema. */
import { useMemo, useState } from "react";
import { LoaderCircle, Play, X } from "lucide-react";
import { useWorkflowEditor } from "@/components/canvas";
import { coerceInputs, inputFields, type InputField } from "@/lib/workflows/input-fields";

export type StartRun = (inputs: Record<string, unknown>) => Promise<{ runId: string } | { error: string }>;

/** Why a run can't start now, or null. */
function refusal(hasProblems: boolean, problemCount: number, save: string): string | null {
  if (hasProblems) return `Fix the ${problemCount} problem${problemCount === 1 ? "" : "s"} first: a workflow with problems can't run.`;
  if (save === "failed") return "The last save failed: runs use the saved workflow.";
  if (save !== "saved") return "Saving your changes… runs use the saved workflow.";
  return null;
}

export function RunButton({ onStart, onStarted }: { onStart: StartRun; onStarted: (runId: string, nodeIds: string[]) => void }) {
  const { hasProblems, problems, saveStatus, definition } = useWorkflowEditor();
  const [dialog, setDialog] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const fields = useMemo(() => inputFields(definition.inputs), [definition.inputs]);
  const why = refusal(hasProblems, problems.length, saveStatus.state);

  const start = async (inputs: Record<string, unknown>) => {
    setBusy(true);
    setError(null);
    try {
      const result = await onStart(inputs);
      if ("error" in result) return setError(result.error);
      setDialog(false);
      onStarted(result.runId, definition.nodes.map((n) => n.id));
    } catch {
      setError("The server didn't answer; the run did not start.");
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <span title={why ?? "Run this workflow"} data-testid="run-button-wrap" className="relative">
        <button
          type="button"
          disabled={why !== null || busy}
          aria-describedby={why ? "run-refusal" : undefined}
          onClick={() => (fields.length > 0 ? setDialog(true) : void start({}))}
          className="flex h-8 items-center gap-1.5 rounded-lg bg-indigo-600 px-3.5 text-[13px] font-semibold text-white shadow-sm hover:bg-indigo-500 disabled:cursor-not-allowed disabled:bg-zinc-300 disabled:text-zinc-600 disabled:shadow-none"
        >
          {busy ? <LoaderCircle className="h-3.5 w-3.5 animate-spin" aria-hidden /> : <Play className="h-3.5 w-3.5 fill-current" aria-hidden />}
          Run
        </button>
        {why && <span id="run-refusal" className="sr-only">{why}</span>}
      </span>
      {error && !dialog && (
        <span role="alert" className="max-w-64 truncate text-xs font-medium text-red-600" title={error}>{error}</span>
      )}
      {dialog && <InputsDialog fields={fields} busy={busy} error={error} onClose={() => setDialog(false)} onSubmit={(inputs) => void start(inputs)} />}
    </>
  );
}

function InputsDialog(p: { fields: InputField[]; busy: boolean; error: string | null; onClose: () => void; onSubmit: (inputs: Record<string, unknown>) => void }) {
  const [values, setValues] = useState<Record<string, string | boolean>>(() => Object.fromEntries(p.fields.map((f) => [f.key, f.initial])));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const result = coerceInputs(p.fields, values);
    if (!result.ok) return setErrors(result.errors);
    setErrors({});
    p.onSubmit(result.inputs);
  };
  const input = "w-full rounded-lg border border-zinc-300 bg-white px-2.5 py-1.5 text-[13px] text-zinc-900 focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/20";
  return (
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-zinc-900/30 p-4 backdrop-blur-[1px]" onKeyDown={(e) => e.key === "Escape" && p.onClose()}>
      <form onSubmit={submit} role="dialog" aria-modal="true" aria-labelledby="run-inputs-title" className="w-full max-w-md overflow-hidden rounded-2xl border border-zinc-200 bg-white shadow-2xl">
        <div className="flex items-center justify-between border-b border-zinc-100 px-5 py-3.5">
          <h2 id="run-inputs-title" className="text-sm font-semibold text-zinc-900">Run with inputs</h2>
          <button type="button" onClick={p.onClose} aria-label="Close" className="rounded p-1 text-zinc-400 hover:bg-zinc-100"><X className="h-4 w-4" /></button>
        </div>
        <div className="max-h-[60vh] space-y-4 overflow-y-auto px-5 py-4">
          {p.fields.map((f) => {
            const id = `run-input-${f.key}`;
            const value = values[f.key];
            const set = (v: string | boolean) => setValues((vs) => ({ ...vs, [f.key]: v }));
            return (
              <div key={f.key}>
                {f.kind === "boolean" ? (
                  <label htmlFor={id} className="flex items-center gap-2 text-[13px] font-medium text-zinc-800">
                    <input id={id} type="checkbox" checked={value === true} onChange={(e) => set(e.target.checked)} className="h-4 w-4 rounded border-zinc-300 text-indigo-600" />
                    {f.label}
                  </label>
                ) : (
                  <>
                    <label htmlFor={id} className="mb-1 flex items-baseline gap-1 text-[12px] font-medium text-zinc-700">
                      {f.label} {f.required && <span className="text-red-500" aria-label="required">*</span>}
                      <span className="ml-auto font-mono text-[10.5px] font-normal text-zinc-400">{f.kind}</span>
                    </label>
                    {f.kind === "enum" ? (
                      <select id={id} value={String(value)} onChange={(e) => set(e.target.value)} className={input}>
                        {f.options?.map((o) => <option key={o}>{o}</option>)}
                      </select>
                    ) : f.kind === "json" ? (
                      <textarea id={id} rows={4} value={String(value)} onChange={(e) => set(e.target.value)} spellCheck={false} className={`${input} font-mono text-[12px]`} />
                    ) : (
                      <input id={id} type={f.kind === "string" ? "text" : "number"} step={f.kind === "integer" ? 1 : "any"} value={String(value)} onChange={(e) => set(e.target.value)} className={input} aria-invalid={errors[f.key] ? true : undefined} />
                    )}
                  </>
                )}
                {f.description && <p className="mt-1 text-[11.5px] text-zinc-500">{f.description}</p>}
                {errors[f.key] && <p className="mt-1 text-[11.5px] font-medium text-red-600">{errors[f.key]}</p>}
              </div>
            );
          })}
          {p.error && <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-[12.5px] text-red-700">{p.error}</p>}
        </div>
        <div className="flex justify-end gap-2 border-t border-zinc-100 bg-zinc-50/60 px-5 py-3">
          <button type="button" onClick={p.onClose} className="rounded-lg px-3 py-1.5 text-[13px] font-medium text-zinc-700 hover:bg-zinc-100">Cancel</button>
          <button type="submit" disabled={p.busy} className="flex items-center gap-1.5 rounded-lg bg-indigo-600 px-3.5 py-1.5 text-[13px] font-semibold text-white hover:bg-indigo-500 disabled:opacity-60">
            {p.busy ? <LoaderCircle className="h-3.5 w-3.5 animate-spin" /> : <Play className="h-3.5 w-3.5 fill-current" />} Start run
          </button>
        </div>
      </form>
    </div>
  );
}
