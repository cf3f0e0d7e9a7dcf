/** The execution plan a definition builds into (spec section 2). Built once, read-only afterwards. */
import type { WorkflowDefinition } from "../definition";
import type { AnyNodeHandler } from "../handlers/types";
import type { Problem } from "../problems";
import type { Compiled } from "../templates/compile";

/** The top-level scope id; container bodies use the container's node id. */
export const ROOT_SCOPE = "";

export type EdgeKind = "source" | "error" | "branch";

export interface PlanEdge {
  id: string;
  /** Index in the definition's `edges`. */
  index: number;
  source: string;
  target: string;
  /** The handle the source selects for this edge to be active (`source` when the edge has none). */
  handle: string;
  kind: EdgeKind;
}

export interface PlanNode {
  id: string;
  type: string;
  name?: string;
  /** Index in the definition's `nodes`. */
  index: number;
  handler: AnyNodeHandler;
  /** The scope the node belongs to: ROOT_SCOPE or its container's id. */
  scope: string;
  /** How many containers enclose the node (0 at the top level). */
  depth: number;
  /** Config as written. */
  config: Record<string, unknown>;
  /** The config compiled for resolution; raw and deferred fields are left literal. */
  compiled: Compiled;
  retry: { maxAttempts: number; backoffMs: number };
  timeoutMs?: number;
  incoming: PlanEdge[];
  outgoing: PlanEdge[];
  hasErrorEdge: boolean;
  /** Node ids whose outputs this node (or, for a container, anything in its body) reads. */
  reads: string[];
  /** Nodes of this node's own scope that read its output (for a body reader: its enclosing container in this scope). */
  readers: string[];
  /** Body nodes kept until their iteration ends: terminal nodes and nodes a container's own config reads. */
  keepUntilFrameEnd: boolean;
  /** Set for loop/parallel containers. */
  body?: ScopePlan;
}

export interface ScopePlan {
  id: string;
  /** Nodes of the scope in a topological order. */
  nodes: string[];
  /** Root: entry-type nodes. Body: nodes with no incoming body edge. */
  entries: string[];
  /** Nodes with no outgoing edge in the scope (a body's iteration result). */
  terminals: string[];
}

export interface Plan {
  definition: WorkflowDefinition;
  nodes: Map<string, PlanNode>;
  root: ScopePlan;
  variables: Record<string, unknown>;
  inputsSchema?: Record<string, unknown>;
  warnings: Problem[];
}
