"use client";
/**
 * What the canvas's nodes and edges read: a small external store with selectors
 * (useSyncExternalStore), so each node re-renders only when ITS slice changes (its catalog
 * entry, its problems, the handles its edges use, its run status), never because something
 * elsewhere in the editor changed. The editor and the read-only run canvas both provide one.
 */
import { createContext, useContext, useLayoutEffect, useState, useSyncExternalStore } from "react";
import type { RunView } from "@/components/runs/run-view-model";
import type { CatalogEntry } from "@/lib/workflows/catalog-types";
import type { WorkflowDefinition } from "@/lib/workflows/definition-types";
import type { ProblemIndex } from "@/lib/workflows/problem-paths";

export type CanvasState = {
  catalog: ReadonlyMap<string, CatalogEntry>;
  problems: ProblemIndex;
  /** The source handles each node's outgoing edges use, joined by "\n" (a string: equal when unchanged). */
  usedHandles: Readonly<Record<string, string>>;
  run: RunView | null;
  /** Node ids with pinned sample data (lib/workflows/pins.ts); empty on read-only canvases. */
  pinned: Readonly<Record<string, unknown>>;
  /** Names of the workflows `workflow` nodes call, by id (./use-workflow-names.ts). */
  workflowNames: Readonly<Record<string, string>>;
};

/** No pins: what read-only canvases hand the store (one object, so it never counts as a change). */
export const NO_PINS: Readonly<Record<string, unknown>> = Object.freeze({});

export type CanvasStore = {
  get(): CanvasState;
  set(patch: Partial<CanvasState>): void;
  subscribe(listener: () => void): () => void;
};

export function createCanvasStore(initial: CanvasState): CanvasStore {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    set(patch) {
      const keys = Object.keys(patch) as (keyof CanvasState)[];
      if (keys.every((k) => patch[k] === state[k])) return;
      state = { ...state, ...patch };
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Each node's used source handles, from the definition's edges (changes only when edges do). */
export function usedHandlesOf(edges: WorkflowDefinition["edges"]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of edges) {
    const handle = e.sourceHandle ?? "source";
    out[e.source] = out[e.source] ? `${out[e.source]}\n${handle}` : handle;
  }
  return out;
}

export const CanvasStoreContext = createContext<CanvasStore | null>(null);

/** A slice of the canvas state; the component re-renders only when the slice changes (Object.is). */
export function useCanvas<T>(selector: (state: CanvasState) => T): T {
  const store = useContext(CanvasStoreContext);
  if (!store) throw new Error("Canvas nodes must be rendered inside a CanvasStoreContext.");
  const read = () => selector(store.get());
  return useSyncExternalStore(store.subscribe, read, read);
}

/** A store kept in step with `state` (pushed after each render that changed a slice). */
export function useCanvasStore(state: CanvasState): CanvasStore {
  const [store] = useState(() => createCanvasStore(state));
  const { catalog, problems, usedHandles, run, pinned, workflowNames } = state;
  useLayoutEffect(() => store.set({ catalog, problems, usedHandles, run, pinned, workflowNames }), [store, catalog, problems, usedHandles, run, pinned, workflowNames]);
  return store;
}

/**
 * `value`, keeping the identity of an equal earlier one. A server action that revalidates (autosave)
 * re-renders the page and hands the editor a new but equal catalog: without this, every node's
 * catalog entry would be a new object and every node would re-render after each save.
 */
export function useStableValue<T>(value: T): T {
  const [held, setHeld] = useState(() => ({ value, json: JSON.stringify(value) }));
  if (value === held.value) return held.value;
  const json = JSON.stringify(value);
  if (json === held.json) return held.value;
  setHeld({ value, json });
  return value;
}

/**
 * Test hook: when a test installs `window.__flowmaestroRenders` (e2e/canvas-renders.spec.ts), each
 * committed render of a node is counted under its id. Does nothing otherwise.
 */
export function countRender(id: string): void {
  const counts = (globalThis as { __flowmaestroRenders?: Record<string, number> }).__flowmaestroRenders;
  if (counts) counts[id] = (counts[id] ?? 0) + 1;
}
