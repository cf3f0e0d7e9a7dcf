"use client";
/** A text field that completes `{{` with the references that can exist at this node. */
import { useRef, useState, type KeyboardEvent } from "react";
import { applyCompletion, filterCompletions, openTemplate, type Completion } from "@/lib/workflows/completions";

export const inputClass =
  "w-full rounded-md border border-zinc-200 bg-white px-2.5 py-1.5 text-[13px] text-zinc-900 shadow-xs placeholder:text-zinc-400 focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/20";

type Props = {
  id: string;
  value: string;
  onChange: (value: string) => void;
  candidates: readonly Completion[];
  multiline?: boolean;
  placeholder?: string;
  invalid?: boolean;
};

export function TemplateField({ id, value, onChange, candidates, multiline, placeholder, invalid }: Props) {
  const ref = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const [menu, setMenu] = useState<{ items: Completion[]; active: number } | null>(null);

  const refresh = (text: string, cursor: number) => {
    const open = openTemplate(text, cursor);
    const items = open ? filterCompletions(candidates, open.query) : [];
    setMenu(items.length > 0 ? { items, active: 0 } : null);
  };

  const accept = (completion: Completion) => {
    const el = ref.current;
    if (!el) return;
    const next = applyCompletion(el.value, el.selectionStart ?? el.value.length, completion.insert);
    onChange(next.text);
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(next.cursor, next.cursor);
      refresh(next.text, next.cursor);
    });
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (!menu) return;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const step = e.key === "ArrowDown" ? 1 : -1;
      setMenu({ ...menu, active: (menu.active + step + menu.items.length) % menu.items.length });
    } else if (e.key === "Enter" || e.key === "Tab") {
      e.preventDefault();
      accept(menu.items[menu.active]);
    } else if (e.key === "Escape") {
      e.preventDefault();
      setMenu(null);
    }
  };

  const common = {
    id,
    ref,
    value,
    placeholder,
    spellCheck: false,
    autoComplete: "off",
    "aria-invalid": invalid || undefined,
    "aria-autocomplete": "list" as const,
    onKeyDown,
    onBlur: () => setTimeout(() => setMenu(null), 120),
    onChange: (e: { target: HTMLInputElement | HTMLTextAreaElement }) => {
      onChange(e.target.value);
      refresh(e.target.value, e.target.selectionStart ?? e.target.value.length);
    },
    className: `${inputClass} font-mono text-[12px] ${invalid ? "!border-red-400" : ""}`,
  };

  return (
    <div className="relative">
      {multiline ? <textarea rows={3} {...common} /> : <input type="text" {...common} />}
      {menu && (
        <ul role="listbox" className="absolute left-0 right-0 top-full z-30 mt-1 max-h-60 overflow-auto rounded-lg border border-zinc-200 bg-white py-1 shadow-lg">
          {menu.items.map((item, i) => (
            <li
              key={item.insert}
              role="option"
              aria-selected={i === menu.active}
              onMouseDown={(e) => {
                e.preventDefault();
                accept(item);
              }}
              className={`flex cursor-pointer items-center justify-between gap-3 px-2.5 py-1 ${i === menu.active ? "bg-indigo-50" : ""}`}
            >
              <code className={`truncate font-mono text-[12px] ${item.kind === "node" ? "text-indigo-700" : "text-zinc-800"}`}>{item.insert}</code>
              <span className="shrink-0 truncate text-[11px] text-zinc-400">{item.detail}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
