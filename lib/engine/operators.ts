/** Comparison operators and truthiness of spec section 4, shared by condition, router, filter and while loops. */
import { z } from "zod";

export const operators = [
  "equals",
  "notEquals",
  "contains",
  "notContains",
  "startsWith",
  "endsWith",
  "greaterThan",
  "greaterOrEqual",
  "lessThan",
  "lessOrEqual",
  "isEmpty",
  "isNotEmpty",
  "matches",
] as const;

export type Operator = (typeof operators)[number];
export const operatorSchema = z.enum(operators);

/** A `{ field, operator, value }` comparison as written in configs (field is usually a template). */
export const comparisonSchema = z.object({
  field: z.unknown(),
  operator: operatorSchema,
  value: z.unknown().optional(),
});
export type Comparison = z.infer<typeof comparisonSchema>;

/** JavaScript truthiness, except the strings "false", "0" and "null" are false. */
export function isTruthy(value: unknown): boolean {
  if (typeof value === "string" && (value === "false" || value === "0" || value === "null")) return false;
  return Boolean(value);
}

function asNumber(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

function asText(value: unknown): string {
  if (value === null || value === undefined) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}

function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === "") return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === "object") return Object.keys(value).length === 0;
  return false;
}

function contains(container: unknown, needle: unknown): boolean {
  if (typeof container === "string") return container.includes(asText(needle));
  if (Array.isArray(container)) return container.some((item) => deepEqual(item, needle));
  if (container && typeof container === "object") return Object.prototype.hasOwnProperty.call(container, asText(needle));
  return false;
}

/** Orders two values: as numbers when both are numeric, else as strings. */
function order(left: unknown, right: unknown): number {
  const l = asNumber(left);
  const r = asNumber(right);
  if (l !== undefined && r !== undefined) return l - r;
  const ls = asText(left);
  const rs = asText(right);
  return ls < rs ? -1 : ls > rs ? 1 : 0;
}

function equals(left: unknown, right: unknown): boolean {
  const l = asNumber(left);
  const r = asNumber(right);
  if (l !== undefined && r !== undefined) return l === r;
  return deepEqual(left, right);
}

export function compare(left: unknown, operator: Operator, right: unknown): boolean {
  switch (operator) {
    case "equals":
      return equals(left, right);
    case "notEquals":
      return !equals(left, right);
    case "contains":
      return contains(left, right);
    case "notContains":
      return !contains(left, right);
    case "startsWith":
      return asText(left).startsWith(asText(right));
    case "endsWith":
      return asText(left).endsWith(asText(right));
    case "greaterThan":
      return order(left, right) > 0;
    case "greaterOrEqual":
      return order(left, right) >= 0;
    case "lessThan":
      return order(left, right) < 0;
    case "lessOrEqual":
      return order(left, right) <= 0;
    case "isEmpty":
      return isEmpty(left);
    case "isNotEmpty":
      return !isEmpty(left);
    case "matches":
      return safeRegExp(asText(right))?.test(asText(left)) ?? false;
  }
}

function safeRegExp(source: string): RegExp | undefined {
  try {
    return new RegExp(source);
  } catch {
    return undefined;
  }
}
