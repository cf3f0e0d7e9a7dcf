/** Parses `{{ path }}` templates inside strings (spec section 5), once, at build time. */

/** One step of a path: a property name or an array index. */
export type PathStep = string | number;

export interface TemplateRef {
  /** The text between the braces, trimmed, e.g. `fetchUser.data.items[0]`. */
  source: string;
  /** First segment: `loop`, `parallel`, `var`, `env`, `inputs`, `run` or a node id. */
  root: string;
  /** The steps after the root. */
  steps: PathStep[];
}

export type TextPart = string | TemplateRef;

export type ParsedString =
  | { kind: "plain"; text: string }
  | { kind: "whole"; ref: TemplateRef }
  | { kind: "text"; parts: TextPart[] };

export class TemplateSyntaxError extends Error {}

const stepPattern = /^(?:\.([A-Za-z_$][A-Za-z0-9_$-]*)|\[(\d+)\]|\[\s*"([^"]*)"\s*\]|\[\s*'([^']*)'\s*\])/;

/** `a.b[0].c` -> root `a`, steps `["b", 0, "c"]`. */
export function parsePath(source: string): { root: string; steps: PathStep[] } {
  const head = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(source);
  if (!head) throw new TemplateSyntaxError(`"{{${source}}}" must start with a name, like {{inputs.email}} or {{nodeId.field}}`);
  const steps: PathStep[] = [];
  let rest = source.slice(head[0].length);
  while (rest.length > 0) {
    const m = stepPattern.exec(rest);
    if (!m) throw new TemplateSyntaxError(`"{{${source}}}" is not a path: use dots and [n] indexes, like {{node.items[0].name}}`);
    if (m[1] !== undefined) steps.push(m[1]);
    else if (m[2] !== undefined) steps.push(Number(m[2]));
    else steps.push(m[3] ?? m[4] ?? "");
    rest = rest.slice(m[0].length);
  }
  return { root: head[0], steps };
}

/** Splits a string into text and template references. Throws TemplateSyntaxError. */
export function parseTemplateString(text: string): ParsedString {
  if (!text.includes("{{")) return { kind: "plain", text };
  const parts: TextPart[] = [];
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf("{{", i);
    if (open < 0) {
      parts.push(text.slice(i));
      break;
    }
    const close = text.indexOf("}}", open + 2);
    if (close < 0) throw new TemplateSyntaxError(`a "{{" at character ${open} has no closing "}}"`);
    if (open > i) parts.push(text.slice(i, open));
    const source = text.slice(open + 2, close).trim();
    parts.push({ source, ...parsePath(source) });
    i = close + 2;
  }
  if (parts.length === 1 && typeof parts[0] !== "string") return { kind: "whole", ref: parts[0] };
  return { kind: "text", parts };
}

export const hasTemplate = (text: string) => /\{\{[\s\S]*?\}\}/.test(text);
