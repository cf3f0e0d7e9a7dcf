"use client";
/**
 * The workflows of the edited workflow's workspace (GET /api/workflows), with their inputs schemas:
 * what a Workflow node may call and an agent may be given as tools (a child runs in its parent's
 * workspace, lib/runs/subworkflows.ts). `null` while loading; `failed` when they could not be listed.
 */
import { useEffect, useState } from "react";
import { useWorkflowEditor } from "./editor-context";

export type ListedWorkflow = {
  id: string;
  name: string;
  inputs: { properties?: Record<string, { type?: unknown; description?: unknown }>; required?: string[] } | null;
};

export function useWorkspaceWorkflows(): { listed: ListedWorkflow[] | null; failed: boolean } {
  const [listed, setListed] = useState<ListedWorkflow[] | null>(null);
  const [failed, setFailed] = useState(false);
  const { workspace } = useWorkflowEditor();
  useEffect(() => {
    let live = true;
    fetch(workspace ? `/api/workflows?workspace=${encodeURIComponent(workspace)}` : "/api/workflows", { headers: { accept: "application/json" } })
      .then((res) => (res.ok ? (res.json() as Promise<{ workflows: ListedWorkflow[] }>) : Promise.reject(new Error(String(res.status)))))
      .then((body) => live && setListed(body.workflows))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [workspace]);
  return { listed, failed };
}
