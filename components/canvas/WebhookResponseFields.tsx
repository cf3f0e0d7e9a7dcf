"use client";
/** The webhook node's `response` setting: the status and body its URL answers with, at once. */
import { useState } from "react";
import { inputClass } from "./TemplateField";

type Response = { status?: number; body?: unknown };
type Props = { config: Record<string, unknown>; onChange: (config: Record<string, unknown>) => void };

const asResponse = (value: unknown): Response => (value && typeof value === "object" && !Array.isArray(value) ? (value as Response) : {});
const bodyText = (body: unknown) => (body === undefined ? "" : typeof body === "string" ? body : JSON.stringify(body, null, 2));

/** JSON when it parses, otherwise text (a template string). */
function parseBody(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function WebhookResponseFields({ config, onChange }: Props) {
  const response = asResponse(config.response);
  // The text as typed: re-printing parsed JSON on every key would move the cursor.
  const [draft, setDraft] = useState(() => bodyText(response.body));
  const set = (change: Response) => {
    const next: Response = { ...response, ...change };
    for (const key of ["status", "body"] as const) if (next[key] === undefined) delete next[key];
    const rest = { ...config };
    delete rest.response;
    onChange(Object.keys(next).length > 0 ? { ...rest, response: next } : rest);
  };
  const status = response.status;
  const statusProblem = status !== undefined && !(Number.isInteger(status) && status >= 200 && status <= 299) ? "A status from 200 to 299." : null;
  return (
    <div className="space-y-2.5">
      <div className="grid grid-cols-[88px_1fr] items-start gap-2">
        <div>
          <label htmlFor="webhook-response-status" className="mb-1 block text-[12px] font-medium text-zinc-700">Status</label>
          <input
            id="webhook-response-status"
            type="number"
            min={200}
            max={299}
            placeholder="202"
            value={status ?? ""}
            aria-invalid={statusProblem ? true : undefined}
            onChange={(e) => set({ status: e.target.value === "" ? undefined : Number(e.target.value) })}
            className={`${inputClass} ${statusProblem ? "!border-red-400" : ""}`}
          />
        </div>
        <div>
          <label htmlFor="webhook-response-body" className="mb-1 block text-[12px] font-medium text-zinc-700">Body</label>
          <textarea
            id="webhook-response-body"
            rows={3}
            spellCheck={false}
            value={draft}
            placeholder={'{ "runId": "{{run.id}}", "status": "running" }'}
            onChange={(e) => {
              setDraft(e.target.value);
              set({ body: parseBody(e.target.value) });
            }}
            className={`${inputClass} font-mono text-[11.5px]`}
          />
        </div>
      </div>
      {statusProblem && <p className="text-[11px] text-red-600">{statusProblem}</p>}
      <p className="text-[11px] text-zinc-500">
        Answered at once; the run goes on. JSON or text, with <code className="font-mono">{"{{run.id}}"}</code> and <code className="font-mono">{"{{request.body.…}}"}</code> (also <code className="font-mono">query</code>, <code className="font-mono">headers</code>). Empty: <code className="font-mono">202 {"{ runId, status }"}</code>.
      </p>
    </div>
  );
}
