"use client";
/**
 * A list of plain strings typed as text ("ana@example.com, bo@example.com"): each comma, semicolon
 * or line break starts an item. The text is kept as typed (a trailing comma survives) and follows
 * outside changes (undo) only when they mean another list. A {{template}} is kept as text.
 */
import { useState } from "react";
import { parseListField, showListField } from "@/lib/workflows/schema-form";
import { TemplateField } from "./TemplateField";
import type { Completion } from "@/lib/workflows/completions";

type Props = { id: string; value: unknown; onChange: (v: unknown) => void; candidates: readonly Completion[]; placeholder?: string; invalid: boolean };

export function ListField({ id, value, onChange, candidates, placeholder, invalid }: Props) {
  const [text, setText] = useState(() => showListField(value));
  const valueJson = JSON.stringify(value) ?? "";
  const [seen, setSeen] = useState(valueJson);
  if (seen !== valueJson) {
    setSeen(valueJson);
    setText((current) => (JSON.stringify(parseListField(current)) === valueJson ? current : showListField(value)));
  }
  const items = Array.isArray(value) ? value.length : 0;
  return (
    <div>
      <TemplateField
        id={id}
        value={text}
        onChange={(next) => {
          setText(next);
          onChange(parseListField(next));
        }}
        candidates={candidates}
        placeholder={placeholder ?? "first, second"}
        invalid={invalid}
      />
      {items > 1 && <p className="mt-1 text-[11px] text-zinc-500">{items} entries</p>}
    </div>
  );
}
