"use client";
/**
 * The names of the workflows a definition's `workflow` nodes call, for their cards (a node shows
 * "Greeter", not a uuid). Read from GET /api/workflows with the viewer's session, once, and again
 * when a node calls a workflow not in the list read; a viewer without a session (a share page) gets
 * none, and the cards show the id as before.
 */
import { useEffect, useMemo, useState } from "react";
import type { WorkflowDefinition } from "@/lib/workflows/definition-types";

/** No names: one object, so an empty store slice never counts as a change. */
export const NO_WORKFLOW_NAMES: Readonly<Record<string, string>> = Object.freeze({});

/** `workspace`: the slug of the workspace whose workflows the nodes call (the viewer's personal one when left out). */
export function useWorkflowNames(definition: Pick<WorkflowDefinition, "nodes">, workspace?: string): Readonly<Record<string, string>> {
  const called = useMemo(
    () => [...new Set(definition.nodes.flatMap((n) => (n.type === "workflow" && typeof n.config?.workflow === "string" && n.config.workflow ? [n.config.workflow] : [])))].sort().join("\n"),
    [definition.nodes],
  );
  const [names, setNames] = useState<{ map: Readonly<Record<string, string>>; askedFor: string }>({ map: NO_WORKFLOW_NAMES, askedFor: "" });
  const missing = called !== "" && called.split("\n").some((id) => !Object.hasOwn(names.map, id));
  const ask = missing && names.askedFor !== called;
  useEffect(() => {
    if (!ask) return;
    let live = true;
    fetch(workspace ? `/api/workflows?workspace=${encodeURIComponent(workspace)}` : "/api/workflows", { headers: { accept: "application/json" } })
      .then((res) => (res.ok ? (res.json() as Promise<{ workflows: { id: string; name: string }[] }>) : { workflows: [] }))
      .then((body) => live && setNames({ map: Object.fromEntries(body.workflows.map((w) => [w.id, w.name])), askedFor: called }))
      .catch(() => live && setNames((n) => ({ ...n, askedFor: called })));
    return () => {
      live = false;
    };
  }, [ask, called, workspace]);
  return names.map;
}
