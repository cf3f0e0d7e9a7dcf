/** Shared working data of the build stages. */
import type { EdgeDefinition, NodeDefinition } from "../definition";
import type { Registry } from "../handlers/registry";
import type { AnyNodeHandler } from "../handlers/types";
import type { Problem } from "../problems";
import type { Compiled, LocatedRef } from "../templates/compile";
import { ROOT_SCOPE, type PlanEdge } from "./types";

export interface NodeEntry {
  def: NodeDefinition;
  index: number;
  handler?: AnyNodeHandler;
  compiled?: Compiled;
  /** Template references in resolved and deferred fields, located under `config`. */
  refs: LocatedRef[];
  /** Node ids named in raw fields (code); read when they are ancestors, never reported. */
  softRefs: string[];
  /** Edges of this node (valid ones, same scope), definition order. */
  incoming: EdgeEntry[];
  outgoing: EdgeEntry[];
  /** Position in its scope's topological order (-1 when on or after a cycle); set by orderScopes. */
  topo: number;
  /** Incoming edges not yet passed by Kahn's algorithm (> 0 afterwards: on or after a cycle). */
  pending: number;
  /** The success handles the handler declares for this config (asked once, when an edge leaves the node). */
  handles?: string[];
  /** Reachable from an entry node; set by reachableNodes. */
  reached: boolean;
}

export interface EdgeEntry {
  def: EdgeDefinition;
  index: number;
  handle: string;
  from: NodeEntry;
  to: NodeEntry;
  /** The plan's edge, set when assembling (shared by both endpoints). */
  planned?: PlanEdge;
}

export interface BuildContext {
  registry: Registry;
  problems: Problem[];
  warnings: Problem[];
  /** Valid nodes by id (first occurrence of duplicates). */
  nodes: Map<string, NodeEntry>;
  /** Edges whose endpoints exist and share a scope. */
  edges: EdgeEntry[];
  /** Nodes per scope (ROOT_SCOPE or container id), definition order. */
  members: Map<string, NodeEntry[]>;
  /** Scopes whose edges form a cycle (the reference check skips them). */
  cyclicScopes: Set<string>;
  /** Topological order per scope. */
  order: Map<string, string[]>;
}

export function scopeOf(ctx: BuildContext, id: string): string {
  return ctx.nodes.get(id)?.def.parentId ?? ROOT_SCOPE;
}

export function isContainer(ctx: BuildContext, id: string): boolean {
  return Boolean(ctx.nodes.get(id)?.handler?.container);
}

export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
