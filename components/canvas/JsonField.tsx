"use client";
/** A JSON editor for object, array and free-form config values; parse errors show inline and nothing is lost. */
import { useState } from "react";
import { inputClass } from "./TemplateField";

const show = (value: unknown) => (value === undefined ? "" : JSON.stringify(value, null, 2));

export function JsonField({ id, value, onChange, rows = 4 }: { id: string; value: unknown; onChange: (v: unknown) => void; rows?: number }) {
  const [text, setText] = useState(() => show(value));
  const [error, setError] = useState<string | null>(null);

  // Follow outside changes (undo, paste) unless the text already means that value:
  // adjusted while rendering, when the value's JSON differs from the one last seen.
  const valueJson = JSON.stringify(value) ?? "";
  const [seen, setSeen] = useState(valueJson);
  if (seen !== valueJson) {
    setSeen(valueJson);
    setText((current) => {
      try {
        if (current.trim() !== "" && JSON.stringify(JSON.parse(current)) === valueJson) return current;
      } catch {
        /* the user is mid-edit: replaced below since the value changed elsewhere */
      }
      return show(value);
    });
    setError(null);
  }

  return (
    <div>
      <textarea
        id={id}
        rows={text === "" ? 2 : Math.min(12, Math.max(rows, text.split("\n").length))}
        value={text}
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        onChange={(e) => {
          const next = e.target.value;
          setText(next);
          if (next.trim() === "") {
            setError(null);
            onChange(undefined);
            return;
          }
          try {
            const parsed: unknown = JSON.parse(next);
            setError(null);
            onChange(parsed);
          } catch (err) {
            setError(err instanceof Error ? err.message : "Not valid JSON");
          }
        }}
        className={`${inputClass} font-mono text-[12px] leading-relaxed ${error ? "!border-red-400" : ""}`}
      />
      {error && <p className="mt-1 text-[11px] text-red-600">JSON: {error} (not applied until it parses)</p>}
    </div>
  );
}
