/** `loop.*` bindings for per-item evaluation in map and filter (spec section 5's loop variables). */
import { ErrorCode, NodeError } from "../errors";

export function itemBindings(item: unknown, index: number, total: number): Record<string, unknown> {
  return { loop: { item, index, iteration: index + 1, total, isFirst: index === 0, isLast: index === total - 1 } };
}

/** The `input` of map and filter: an array (null, from a missing path, counts as empty). */
export function inputArray(input: unknown, type: string): unknown[] {
  if (input === null || input === undefined) return [];
  if (!Array.isArray(input)) {
    const kind = typeof input === "object" ? "an object" : `a ${typeof input}`;
    throw new NodeError(`${type} input must be an array, got ${kind}`, ErrorCode.VALIDATION_ERROR, { retryable: false });
  }
  return input;
}
