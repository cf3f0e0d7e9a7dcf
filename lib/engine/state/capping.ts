/**
 * Output capping (spec section 3, Context): each stored output is limited
 * (default 1 MiB); strings and arrays are truncated with a visible marker.
 * Sizes are JSON text lengths, estimated without serializing.
 */

export const DEFAULT_OUTPUT_CAP_BYTES = 1024 * 1024;

/** The JSON length of `value`, counting at most up to `limit` (returns a value > limit once exceeded). */
export function estimateSize(value: unknown, limit = Infinity): number {
  let size = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && size <= limit) {
    const v = stack.pop();
    if (v === null || v === undefined) size += 4;
    else if (typeof v === "string") size += v.length + 2;
    else if (typeof v === "number" || typeof v === "boolean") size += String(v).length;
    else if (Array.isArray(v)) {
      size += 2 + v.length;
      for (const item of v) stack.push(item);
    } else if (typeof v === "object") {
      for (const [k, item] of Object.entries(v)) {
        size += k.length + 4;
        stack.push(item);
      }
      size += 2;
    }
  }
  return size;
}

export const truncatedString = (kept: string, dropped: number) => `${kept}…[truncated ${dropped} characters]`;
export const truncatedItems = (dropped: number) => `…[truncated ${dropped} more items]`;

/** Returns `value` when it fits in `capBytes`, else a copy with strings and arrays cut to fit. */
export function capOutput(value: unknown, capBytes: number): unknown {
  if (estimateSize(value, capBytes) <= capBytes) return value;
  const budget = { left: capBytes };
  return cut(value, budget);
}

function cut(value: unknown, budget: { left: number }): unknown {
  if (typeof value === "string") {
    const room = Math.max(0, budget.left - 2);
    if (value.length <= room) {
      budget.left -= value.length + 2;
      return value;
    }
    const keep = Math.max(0, room - 40);
    budget.left = 0;
    return truncatedString(value.slice(0, keep), value.length - keep);
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    budget.left -= 2;
    for (let i = 0; i < value.length; i++) {
      if (budget.left <= 40) {
        out.push(truncatedItems(value.length - i));
        break;
      }
      out.push(cut(value[i], budget));
      budget.left -= 1;
    }
    return out;
  }
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    budget.left -= 2;
    for (const [k, v] of Object.entries(value)) {
      budget.left -= k.length + 4;
      out[k] = budget.left > 0 ? cut(v, budget) : null;
    }
    return out;
  }
  budget.left -= estimateSize(value);
  return value;
}
