"use client";
/**
 * The manual trigger's inputs: one row per run input (name, type, required, default, description),
 * written to the workflow's `inputs` JSON Schema, which the Run dialog and the engine read. Rows
 * that don't make sense yet stay here with their reason and out of the schema. A schema the rows
 * can't show is edited as JSON (lib/workflows/inputs-schema.ts).
 */
import { useState } from "react";
import { Plus, Trash2 } from "lucide-react";
import { INPUT_TYPES, rowsFromSchema, schemaFromRows, type InputRow } from "@/lib/workflows/inputs-schema";
import { JsonField } from "./JsonField";
import { inputClass } from "./TemplateField";

const blank = (): InputRow => ({ name: "", type: "string", required: false, default: "", description: "" });
// The shared input look without its full width: these fields share rows.
const small = `${inputClass.replace("w-full ", "")} h-8 px-2 text-[12px]`;

export function InputsEditor({ schema, onChange }: { schema: unknown; onChange: (schema: Record<string, unknown> | undefined) => void }) {
  const [rows, setRows] = useState<InputRow[] | null>(() => rowsFromSchema(schema));
  // Follow outside changes (undo, import) unless the rows already mean that schema.
  const schemaJson = JSON.stringify(schema ?? null);
  const [seen, setSeen] = useState(schemaJson);
  if (seen !== schemaJson) {
    setSeen(schemaJson);
    setRows((current) => (current && JSON.stringify(schemaFromRows(current).schema ?? null) === schemaJson ? current : rowsFromSchema(schema)));
  }

  if (rows === null) {
    return (
      <div>
        <p className="mb-1.5 text-[11px] text-zinc-500">This inputs schema uses more than the form can show: edit it as JSON Schema.</p>
        <JsonField id="trigger-inputs-schema" value={schema} onChange={(value) => onChange(value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined)} rows={8} />
      </div>
    );
  }
  const { problems } = schemaFromRows(rows);
  const update = (next: InputRow[]) => {
    setRows(next);
    onChange(schemaFromRows(next).schema);
  };
  const change = (index: number, patch: Partial<InputRow>) => update(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));

  return (
    <div className="space-y-2.5" data-testid="inputs-editor">
      {rows.length === 0 && <p className="text-[12px] text-zinc-500">No inputs: the run starts without asking for anything.</p>}
      {rows.map((row, index) => {
        const rowProblems = problems.filter((p) => p.row === index);
        return (
          <fieldset key={index} className="min-w-0 rounded-lg border border-zinc-200 p-2.5" aria-label={`Input ${index + 1}`}>
            <div className="flex items-center gap-1.5">
              <input aria-label="Input name" value={row.name} placeholder="name" spellCheck={false} onChange={(e) => change(index, { name: e.target.value })} className={`${small} min-w-0 flex-1 font-mono`} />
              <select aria-label="Input type" value={row.type} onChange={(e) => change(index, { type: e.target.value as InputRow["type"] })} className={`${small} w-[96px] shrink-0`}>
                {INPUT_TYPES.map((t) => (
                  <option key={t} value={t}>{t}</option>
                ))}
              </select>
              <button type="button" aria-label={`Remove input ${row.name || index + 1}`} onClick={() => update(rows.filter((_, i) => i !== index))} className="rounded-md p-1.5 text-zinc-400 hover:bg-zinc-100 hover:text-red-600">
                <Trash2 className="h-3.5 w-3.5" aria-hidden />
              </button>
            </div>
            <div className="mt-1.5 flex items-center gap-1.5">
              <input aria-label="Default value" value={row.default} placeholder="default (optional)" onChange={(e) => change(index, { default: e.target.value })} className={`${small} min-w-0 flex-1`} />
              <label className="flex shrink-0 items-center gap-1 text-[11.5px] text-zinc-600">
                <input type="checkbox" checked={row.required} onChange={(e) => change(index, { required: e.target.checked })} className="h-3.5 w-3.5 accent-indigo-600" />
                required
              </label>
            </div>
            <input aria-label="Description" value={row.description} placeholder="description (shown in the Run dialog)" onChange={(e) => change(index, { description: e.target.value })} className={`${small} mt-1.5 w-full`} />
            {rowProblems.map((p) => (
              <p key={p.field} className="mt-1 text-[11px] text-red-600">{p.field === "name" ? "Name" : "Default"}: {p.message}</p>
            ))}
          </fieldset>
        );
      })}
      <button type="button" onClick={() => update([...rows, blank()])} className="flex items-center gap-1 rounded-md px-2 py-1 text-[12px] font-medium text-indigo-600 ring-1 ring-indigo-200 hover:bg-indigo-50">
        <Plus className="h-3.5 w-3.5" aria-hidden /> Add input
      </button>
    </div>
  );
}
