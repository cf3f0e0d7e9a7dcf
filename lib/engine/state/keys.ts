/** Serialization of structured keys to map keys (internal only; the structured key is the model). */
import type { NodeKey, PathSegment } from "./types";

export function frameKey(path: readonly PathSegment[]): string {
  let key = "";
  for (const segment of path) key += `${key ? "/" : ""}${segment.container}[${segment.index}]`;
  return key;
}

export function instanceKey(key: NodeKey): string {
  return `${frameKey(key.path)}:${key.nodeId}`;
}

export function sameKey(a: NodeKey, b: NodeKey): boolean {
  return a.nodeId === b.nodeId && a.path.length === b.path.length && a.path.every((s, i) => s.container === b.path[i].container && s.index === b.path[i].index);
}

/** A readable, stable name of an instance: `fetch` at the top level, `loop1[2]/fetch` inside containers. */
export function instanceLabel(key: NodeKey): string {
  const frame = frameKey(key.path);
  return frame ? `${frame}/${key.nodeId}` : key.nodeId;
}
