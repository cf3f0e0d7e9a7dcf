// In-process fan-out of stored events to live readers (SSE). Fed by the executor after each
// checkpoint is committed, so a reader never sees an event the database doesn't have.
import { EventEmitter } from "node:events";
import type { NodeKey } from "@/lib/engine";

export interface StoredEvent {
  seq: number;
  type: string;
  payload: unknown;
}

const KEY = Symbol.for("flowmaestro.runs.bus");
const g = globalThis as Record<symbol, EventEmitter | undefined>;
const bus: EventEmitter = (g[KEY] ??= (() => {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return emitter;
})());

export function publishEvents(runId: string, events: StoredEvent[]): void {
  if (events.length > 0) bus.emit(runId, events);
}

/** Calls `listener` with each committed batch of the run's events; returns the unsubscribe. */
export function subscribeEvents(runId: string, listener: (events: StoredEvent[]) => void): () => void {
  bus.on(runId, listener);
  return () => bus.off(runId, listener);
}

// Live tokens of streaming nodes (llm): transient, never stored, one message per chunk. A reader
// that connects or reconnects mid-stream gets only the chunks sent after that; the final text
// arrives with the node's stored node.completed event.
export interface LiveChunk {
  type: "node.chunk";
  key: NodeKey;
  text: string;
}

const CHUNKS_KEY = Symbol.for("flowmaestro.runs.chunks");
const chunkBus: EventEmitter = (g[CHUNKS_KEY] ??= (() => {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return emitter;
})());

export function publishChunk(runId: string, chunk: LiveChunk): void {
  chunkBus.emit(runId, chunk);
}

/** Calls `listener` with each live chunk of the run; returns the unsubscribe. */
export function subscribeChunks(runId: string, listener: (chunk: LiveChunk) => void): () => void {
  chunkBus.on(runId, listener);
  return () => chunkBus.off(runId, listener);
}
