/**
 * Compiled config values: a config is walked once at build time; at run time
 * `evaluate` resolves it against a scope. Subtrees without templates stay literal.
 */
import type { PathKey } from "../problems";
import { parseTemplateString, TemplateSyntaxError, type ParsedString, type PathStep, type TemplateRef } from "./parse";

export type Compiled =
  | { kind: "literal"; value: unknown }
  | { kind: "string"; parsed: ParsedString }
  | { kind: "array"; items: Compiled[] }
  | { kind: "object"; entries: [string, Compiled][] };

export interface LocatedRef {
  ref: TemplateRef;
  /** Location inside the compiled value (keys below the value itself). */
  at: PathKey[];
}

export interface CompileIssue {
  at: PathKey[];
  message: string;
}

/** Compiles a value; syntax errors are reported through `issues`, the field then stays literal. */
export function compileValue(value: unknown, issues: CompileIssue[] = [], at: PathKey[] = []): Compiled {
  if (typeof value === "string") {
    if (!value.includes("{{")) return { kind: "literal", value };
    try {
      const parsed = parseTemplateString(value);
      return parsed.kind === "plain" ? { kind: "literal", value } : { kind: "string", parsed };
    } catch (error) {
      if (!(error instanceof TemplateSyntaxError)) throw error;
      issues.push({ at, message: error.message });
      return { kind: "literal", value };
    }
  }
  if (Array.isArray(value)) {
    const items = value.map((item, i) => compileValue(item, issues, [...at, i]));
    return items.every((c) => c.kind === "literal") ? { kind: "literal", value } : { kind: "array", items };
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).map(([k, v]) => [k, compileValue(v, issues, [...at, k])] as [string, Compiled]);
    return entries.every(([, c]) => c.kind === "literal") ? { kind: "literal", value } : { kind: "object", entries };
  }
  return { kind: "literal", value };
}

/** Every template reference in a compiled value, with its location. */
export function collectRefs(compiled: Compiled, at: PathKey[] = [], out: LocatedRef[] = []): LocatedRef[] {
  switch (compiled.kind) {
    case "literal":
      return out;
    case "string":
      if (compiled.parsed.kind === "whole") out.push({ ref: compiled.parsed.ref, at });
      else if (compiled.parsed.kind === "text")
        for (const part of compiled.parsed.parts) if (typeof part !== "string") out.push({ ref: part, at });
      return out;
    case "array":
      compiled.items.forEach((item, i) => collectRefs(item, [...at, i], out));
      return out;
    case "object":
      for (const [k, v] of compiled.entries) collectRefs(v, [...at, k], out);
      return out;
  }
}

const hasOwn = Object.prototype.hasOwnProperty;

/** Follows a path; `undefined` when any step is missing. */
export function lookup(scope: Readonly<Record<string, unknown>>, root: string, steps: readonly PathStep[]): unknown {
  let current: unknown = hasOwn.call(scope, root) ? scope[root] : undefined;
  for (const step of steps) {
    if (current === null || typeof current !== "object") return undefined;
    if (Array.isArray(current) && typeof step === "number") current = current[step];
    else if (hasOwn.call(current, String(step))) current = (current as Record<string, unknown>)[String(step)];
    else return undefined;
  }
  return current;
}

/** How a value is written inside text: strings as they are, null/missing as "", others as JSON. */
export function asTemplateText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  return JSON.stringify(value) ?? "";
}

export function evaluateString(parsed: ParsedString, scope: Readonly<Record<string, unknown>>): unknown {
  if (parsed.kind === "plain") return parsed.text;
  if (parsed.kind === "whole") return lookup(scope, parsed.ref.root, parsed.ref.steps) ?? null;
  let text = "";
  for (const part of parsed.parts) text += typeof part === "string" ? part : asTemplateText(lookup(scope, part.root, part.steps));
  return text;
}

export function evaluate(compiled: Compiled, scope: Readonly<Record<string, unknown>>): unknown {
  switch (compiled.kind) {
    case "literal":
      return compiled.value;
    case "string":
      return evaluateString(compiled.parsed, scope);
    case "array":
      return compiled.items.map((item) => evaluate(item, scope));
    case "object": {
      const out: Record<string, unknown> = {};
      for (const [k, v] of compiled.entries) out[k] = evaluate(v, scope);
      return out;
    }
  }
}

/** Resolves templates in a raw (not yet compiled) value: used by `ctx.resolve` for deferred fields. */
export function resolveValue(value: unknown, scope: Readonly<Record<string, unknown>>): unknown {
  return evaluate(compileValue(value), scope);
}
