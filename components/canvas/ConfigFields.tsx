"use client";
/** Fields generated from a JSON Schema (see lib/workflows/schema-form.ts): a node's settings, a tool's arguments. */
import type { Completion } from "@/lib/workflows/completions";
import type { CatalogEntry, JsonSchema } from "@/lib/workflows/catalog-types";
import { formShape, parseNumberField, switchBranch, type FieldSpec } from "@/lib/workflows/schema-form";
import { JsonField } from "./JsonField";
import { ListField } from "./ListField";
import { TemplateField, inputClass } from "./TemplateField";

const MULTILINE = new Set(["body", "content", "message", "value", "reason", "condition", "mapping"]);

const codeInputClass = inputClass.replace("bg-white ", "").replace("text-zinc-900 ", "");

const humanize = (key: string) => key.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());

type Props = {
  nodeId: string;
  entry: CatalogEntry;
  config: Record<string, unknown>;
  onChange: (config: Record<string, unknown>) => void;
  candidates: (perItem: boolean) => readonly Completion[];
  fieldProblems: Record<string, string[]>;
  /** Which settings to show (all by default): a section above may own some (the mcp node's tool and arguments). */
  shows?: (key: string) => boolean;
};

/** A node's settings: the fields of its type's config schema. */
export function ConfigFields({ nodeId, entry, config, onChange, candidates, fieldProblems, shows }: Props) {
  return (
    <SchemaFields
      idPrefix={nodeId}
      shows={shows}
      schema={entry.configJsonSchema}
      rawFields={entry.rawFields}
      deferredFields={entry.deferredFields}
      value={config}
      onChange={onChange}
      candidates={candidates}
      fieldProblems={fieldProblems}
      empty="This node has no settings."
    />
  );
}

type SchemaFieldsProps = {
  /** Field ids are `${idPrefix}-${key}`. */
  idPrefix: string;
  schema: JsonSchema;
  rawFields?: readonly string[];
  deferredFields?: readonly string[];
  value: Record<string, unknown>;
  onChange: (value: Record<string, unknown>) => void;
  candidates: (perItem: boolean) => readonly Completion[];
  fieldProblems?: Record<string, string[]>;
  /** Label fields with their keys as written (a tool's argument names), not humanized. */
  rawLabels?: boolean;
  /** Which properties get a field (all by default). */
  shows?: (key: string) => boolean;
  empty?: string;
};

/**
 * One field per property of an object's JSON Schema, typed (text and templates, numbers,
 * switches, choices, JSON): a node's settings, an MCP tool's arguments, a workflow's inputs.
 */
export function SchemaFields({ idPrefix, schema, rawFields = [], deferredFields = [], value, onChange, candidates, fieldProblems = {}, rawLabels = false, shows, empty }: SchemaFieldsProps) {
  const formed = formShape(schema, value, rawFields);
  const shape = shows ? { ...formed, fields: formed.fields.filter((f) => shows(f.key)) } : formed;
  const set = (key: string, next: unknown) => {
    const updated = { ...value };
    if (next === undefined) delete updated[key];
    else updated[key] = next;
    onChange(updated);
  };
  if (!shape.variant && shape.fields.length === 0) return empty ? <p className="text-xs text-zinc-500">{empty}</p> : null;
  return (
    <div className="space-y-3.5">
      {shape.variant && (
        <Field label={humanize(shape.variant.key ?? "Form")} htmlFor={`${idPrefix}-variant`}>
          <select
            id={`${idPrefix}-variant`}
            value={shape.variant.selected}
            onChange={(e) => onChange(switchBranch(schema, value, Number(e.target.value)))}
            className={inputClass}
          >
            {shape.variant.options.map((o) => (
              <option key={o.index} value={o.index}>{o.label}</option>
            ))}
          </select>
        </Field>
      )}
      {shape.fields.map((field) => (
        <Field
          key={field.key}
          label={rawLabels ? field.key : humanize(field.key)}
          htmlFor={`${idPrefix}-${field.key}`}
          required={field.required}
          hint={field.description ?? (deferredFields.includes(field.key) ? "Evaluated per item: {{loop.item}}" : undefined)}
          problems={fieldProblems[field.key]}
          action={modeSwitch(field, value[field.key], (v) => set(field.key, v))}
        >
          <FieldInput field={field} nodeId={idPrefix} value={value[field.key]} onChange={(v) => set(field.key, v)} candidates={candidates(deferredFields.includes(field.key))} invalid={Boolean(fieldProblems[field.key])} />
        </Field>
      ))}
    </div>
  );
}

const isTemplateValue = (field: FieldSpec, value: unknown) => typeof value === "string" || (value === undefined && field.freeform);

/** JSON fields switch between a template and a JSON value. */
function modeSwitch(field: FieldSpec, value: unknown, set: (v: unknown) => void) {
  if (field.kind !== "json") return undefined;
  return isTemplateValue(field, value)
    ? { label: "JSON", onClick: () => set(field.jsonType === "array" ? [] : {}) }
    : { label: "{{ }}", onClick: () => set("") };
}

function FieldInput(props: { field: FieldSpec; nodeId: string; value: unknown; onChange: (v: unknown) => void; candidates: readonly Completion[]; invalid: boolean }) {
  const { field, value, onChange } = props;
  const id = `${props.nodeId}-${field.key}`;
  switch (field.kind) {
    case "enum":
      return (
        <select id={id} value={typeof value === "string" ? value : ""} onChange={(e) => onChange(e.target.value || undefined)} className={inputClass}>
          {!field.required && <option value="">Default</option>}
          {field.options?.map((o) => <option key={o} value={o}>{o}</option>)}
        </select>
      );
    case "boolean":
      return (
        <input id={id} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} className="h-4 w-4 rounded border-zinc-300 accent-indigo-600" />
      );
    case "number":
      return (
        <TemplateField id={id} value={value === undefined || value === null ? "" : String(value)} onChange={(t) => onChange(parseNumberField(t))} candidates={props.candidates} placeholder="number or {{template}}" invalid={props.invalid} />
      );
    case "code":
      return (
        <textarea
          id={id}
          rows={8}
          spellCheck={false}
          value={typeof value === "string" ? value : ""}
          onChange={(e) => onChange(e.target.value)}
          // The shared input look, on a dark code background: its light-theme text colour must go, or the code is dark on dark.
          className={`${codeInputClass} bg-zinc-950 font-mono text-[12px] leading-relaxed text-zinc-100 focus:bg-zinc-950 ${props.invalid ? "!border-red-400" : ""}`}
        />
      );
    case "list":
      return <ListField id={id} value={value} onChange={onChange} candidates={props.candidates} placeholder={field.placeholder} invalid={props.invalid} />;
    case "text":
      return (
        <TemplateField id={id} value={typeof value === "string" ? value : value === undefined ? "" : JSON.stringify(value)} onChange={(t) => onChange(t === "" && !field.required ? undefined : t)} candidates={props.candidates} multiline={MULTILINE.has(field.key)} invalid={props.invalid} />
      );
    default:
      // Any JSON value; a string is a template (`{{fetchUser.data.items}}` keeps the value's type).
      if (isTemplateValue(field, value))
        return <TemplateField id={id} value={typeof value === "string" ? value : ""} onChange={(t) => onChange(t === "" && !field.required && field.freeform ? undefined : t)} candidates={props.candidates} multiline={MULTILINE.has(field.key)} placeholder="{{reference}} or text" invalid={props.invalid} />;
      return <JsonField id={id} value={value} onChange={onChange} />;
  }
}

type FieldProps = {
  label: string;
  htmlFor: string;
  required?: boolean;
  hint?: string;
  problems?: string[];
  action?: { label: string; onClick: () => void };
  children: React.ReactNode;
};

export function Field(props: FieldProps) {
  return (
    <div>
      <div className="mb-1 flex items-baseline justify-between gap-2">
        <label htmlFor={props.htmlFor} className="flex items-baseline gap-1 text-[12px] font-medium text-zinc-700">
          {props.label}
          {props.required && <span className="text-red-500" aria-label="required">*</span>}
        </label>
        {props.action && (
          <button type="button" onClick={props.action.onClick} title={props.action.label === "JSON" ? "Edit as a JSON value" : "Use a {{reference}}"} className="rounded px-1.5 font-mono text-[10.5px] text-zinc-500 ring-1 ring-zinc-200 hover:text-indigo-600 hover:ring-indigo-300">
            {props.action.label}
          </button>
        )}
      </div>
      {props.children}
      {props.hint && <p className="mt-1 text-[11px] text-zinc-500">{props.hint}</p>}
      {props.problems?.map((m, i) => <p key={i} className="mt-1 text-[11px] text-red-600">{m}</p>)}
    </div>
  );
}
