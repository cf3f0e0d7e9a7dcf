// In-process fan-out of stored events to live readers (SSE). Fed by the executor after each
// checkpoint is committed, so a reader never sees an event the database doesn't have.
import { EventEmitter } from "node:events";

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
