"use client";
/** One node's slice of the canvas store: what a node component reads, and nothing else. */
import { useEffect } from "react";
import type { NodeView } from "@/components/runs/run-view-model";
import type { CatalogEntry } from "@/lib/workflows/catalog-types";
import type { DefinitionNode } from "@/lib/workflows/definition-types";
import { countRender, useCanvas } from "./canvas-store";
import { outputHandlesUsing, type OutputHandle } from "./node-parts";

export type NodeSlice = {
  entry: CatalogEntry | undefined;
  problems: string[] | undefined;
  handles: OutputHandle[];
  run: NodeView | null;
  /** Sample data is pinned on it (Test this node hands it on). */
  pinned: boolean;
  /** A `workflow` node: the name of the workflow it calls, when known. */
  calls: string | undefined;
};

const split = (joined: string | undefined) => (joined ? joined.split("\n") : undefined);

export function useNodeSlice(def: DefinitionNode): NodeSlice {
  const id = def.id;
  const entry = useCanvas((s) => s.catalog.get(def.type));
  // Joined strings: a slice equal in content is equal by Object.is, so re-validation of other nodes renders nothing here.
  const problems = split(useCanvas((s) => s.problems.byNode[id]?.join("\n")));
  const used = split(useCanvas((s) => s.usedHandles[id])) ?? [];
  const run = useCanvas((s) => s.run?.nodes[id] ?? null);
  const pinned = useCanvas((s) => Object.hasOwn(s.pinned, id));
  const callee = def.type === "workflow" && typeof def.config?.workflow === "string" ? def.config.workflow : null;
  const calls = useCanvas((s) => (callee && Object.hasOwn(s.workflowNames, callee) ? s.workflowNames[callee] : undefined));
  useEffect(() => countRender(id));
  return { entry, problems, handles: outputHandlesUsing(def, entry, used), run, pinned, calls };
}
