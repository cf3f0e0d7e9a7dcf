/** SSE payloads from /api/runs/:id/events into engine events for the run view model. */
import type { NodeKey, WireEvent, WireEventType } from "./run-view-types";

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

// A Record over the engine's event types: a new engine event is a compile error until it is listed.
const EVENT_TYPES: Record<WireEventType, true> = {
  "run.started": true, "run.paused": true, "run.resumed": true, "run.recovered": true, "run.finished": true,
  "node.started": true, "node.completed": true, "node.failed": true, "node.retrying": true, "node.skipped": true,
  "node.paused": true, "node.cancelled": true, "iteration.started": true, "iteration.finished": true,
};
const KNOWN_TYPES: ReadonlySet<string> = new Set(Object.keys(EVENT_TYPES));

/** Parses an `event: chunk` payload (`{ type: "node.chunk", key, text, offset }`); null for anything else. */
export function parseChunk(data: string): { key: NodeKey; text: string; offset?: number } | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  const c = value as { type?: unknown; key?: { nodeId?: unknown; path?: unknown }; text?: unknown; offset?: unknown } | null;
  if (!c || c.type !== "node.chunk" || typeof c.text !== "string" || !c.key || typeof c.key.nodeId !== "string" || !Array.isArray(c.key.path)) return null;
  const path = c.key.path.filter((s): s is { container: string; index: number } => typeof s?.container === "string" && Number.isInteger(s?.index));
  if (path.length !== c.key.path.length) return null;
  const key = { nodeId: c.key.nodeId, path: path.map((s) => ({ container: s.container, index: s.index })) };
  return Number.isInteger(c.offset) && (c.offset as number) >= 0 ? { key, text: c.text, offset: c.offset as number } : { key, text: c.text };
}
