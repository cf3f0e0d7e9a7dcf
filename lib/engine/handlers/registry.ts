/** The handler registry: a map by node type (the core never switches on type names). */
import type { AnyNodeHandler } from "./types";

export interface Registry {
  get(type: string): AnyNodeHandler | undefined;
  list(): AnyNodeHandler[];
}

export function createRegistry(handlers: readonly AnyNodeHandler[]): Registry {
  const byType = new Map<string, AnyNodeHandler>();
  for (const handler of handlers) {
    if (byType.has(handler.type)) throw new Error(`two handlers registered for node type "${handler.type}"`);
    byType.set(handler.type, handler);
  }
  return { get: (type) => byType.get(type), list: () => [...byType.values()] };
}
