/** SSE payloads from /api/runs/:id/events into engine events for the run view model. */
import type { NodeKey, WireEvent } from "./run-view-model";

/** Parses one SSE `data:` payload into an engine event; null for anything else (never throws). */
export function parseWireEvent(data: string): WireEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (!value || typeof value !== "object") return null;
  const e = value as { type?: unknown; at?: unknown; key?: unknown };
  if (typeof e.type !== "string" || !KNOWN_TYPES.has(e.type)) return null;
  if (e.type.startsWith("node.") || e.type.startsWith("iteration.")) {
    const key = e.key as { nodeId?: unknown; path?: unknown } | undefined;
    if (!key || typeof key.nodeId !== "string" || !Array.isArray(key.path)) return null;
  }
  return { ...(value as object), at: typeof e.at === "number" ? e.at : Date.now() } as WireEvent;
}

const KNOWN_TYPES = new Set([
  "run.started", "run.paused", "run.resumed", "run.finished", "node.started", "node.completed", "node.failed",
  "node.retrying", "node.skipped", "node.paused", "node.cancelled", "iteration.started", "iteration.finished",
]);

/** Parses an `event: chunk` payload (`{ type: "node.chunk", key, text }`); null for anything else. */
export function parseChunk(data: string): { key: NodeKey; text: string } | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  const c = value as { type?: unknown; key?: { nodeId?: unknown; path?: unknown }; text?: unknown } | null;
  if (!c || c.type !== "node.chunk" || typeof c.text !== "string" || !c.key || typeof c.key.nodeId !== "string" || !Array.isArray(c.key.path)) return null;
  const path = c.key.path.filter((s): s is { container: string; index: number } => typeof s?.container === "string" && Number.isInteger(s?.index));
  if (path.length !== c.key.path.length) return null;
  return { key: { nodeId: c.key.nodeId, path: path.map((s) => ({ container: s.container, index: s.index })) }, text: c.text };
}
