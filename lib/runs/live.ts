/**
 * The live side of runs executing in this process: every event the moment it is numbered (before
 * the checkpoint that stores it) and the text streamed by running nodes (LLM tokens). A reader that
 * connects late (./sse.ts) first gets what is stored, then what is numbered and not stored yet, then
 * the whole text of every node still streaming, so it misses nothing and sees text from the first
 * word. Readers in other processes follow the store instead. Kept on globalThis so every bundle Next
 * builds (routes, actions, instrumentation) shares one registry.
 */
import { EventEmitter } from "node:events";
import { instanceKey, type NodeKey } from "@/lib/engine";

export interface LiveEvent {
  seq: number;
  type: string;
  payload: unknown;
}

/** One piece of streamed text; `offset` is where it starts in the node's text so far. */
export interface LiveChunk {
  type: "node.chunk";
  key: NodeKey;
  text: string;
  offset: number;
}

interface LiveRun {
  /** Events numbered and not stored yet, in seq order. */
  unstored(): readonly LiveEvent[];
  /** Text streamed so far by each node instance that is still running. */
  texts: Map<string, { key: NodeKey; text: string }>;
}

const KEY = Symbol.for("flowmaestro.runs.live");
const g = globalThis as Record<symbol, { runs: Map<string, LiveRun>; emitter: EventEmitter } | undefined>;
const live = (g[KEY] ??= (() => {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return { runs: new Map<string, LiveRun>(), emitter };
})());

const ENDS_TEXT = new Set(["node.completed", "node.failed", "node.cancelled", "node.retrying", "node.started"]);

/** Registers a run executing here; returns the detach to call when its execution stops. */
export function attachLiveRun(runId: string, unstored: () => readonly LiveEvent[]): () => void {
  const run: LiveRun = { unstored, texts: new Map() };
  live.runs.set(runId, run);
  return () => {
    if (live.runs.get(runId) === run) live.runs.delete(runId);
  };
}

export function publishEvent(runId: string, event: LiveEvent): void {
  const run = live.runs.get(runId);
  const key = (event.payload as { key?: NodeKey } | null)?.key;
  // A new attempt streams its text anew; a finished node's text is in its stored output.
  if (run && key && ENDS_TEXT.has(event.type)) run.texts.delete(instanceKey(key));
  live.emitter.emit(`event:${runId}`, event);
}

export function publishChunk(runId: string, key: NodeKey, text: string): void {
  const run = live.runs.get(runId);
  let offset = 0;
  if (run) {
    const id = instanceKey(key);
    const entry = run.texts.get(id) ?? { key, text: "" };
    offset = entry.text.length;
    entry.text += text;
    run.texts.set(id, entry);
  }
  live.emitter.emit(`chunk:${runId}`, { type: "node.chunk", key, text, offset } satisfies LiveChunk);
}

/** What a reader connecting now must get besides the store: unstored events and the running nodes' text. */
export function liveSnapshot(runId: string): { events: readonly LiveEvent[]; chunks: LiveChunk[] } | null {
  const run = live.runs.get(runId);
  if (!run) return null;
  return { events: run.unstored(), chunks: [...run.texts.values()].map(({ key, text }) => ({ type: "node.chunk", key, text, offset: 0 })) };
}

/** Calls the listeners with each live event and chunk of the run; returns the unsubscribe. */
export function subscribeLive(runId: string, onEvent: (event: LiveEvent) => void, onChunk: (chunk: LiveChunk) => void): () => void {
  live.emitter.on(`event:${runId}`, onEvent);
  live.emitter.on(`chunk:${runId}`, onChunk);
  return () => {
    live.emitter.off(`event:${runId}`, onEvent);
    live.emitter.off(`chunk:${runId}`, onChunk);
  };
}

/** After a checkpoint of a run executing here is committed: its events, now stored. */
export function publishStored(runId: string, events: readonly LiveEvent[]): void {
  if (events.length > 0) live.emitter.emit(`stored:${runId}`, events);
}

/** Calls `listener` with each committed batch of the run's events (those stored by this process); returns the unsubscribe. */
export function subscribeStored(runId: string, listener: (events: readonly LiveEvent[]) => void): () => void {
  live.emitter.on(`stored:${runId}`, listener);
  return () => live.emitter.off(`stored:${runId}`, listener);
}
