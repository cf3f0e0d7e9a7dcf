"use client";
/** One node of the run: status, duration, attempts, and its input, output and error as JSON trees. */
import { useEffect, useState } from "react";
import Link from "next/link";
import { ExternalLink, MousePointerClick, Play } from "lucide-react";
import { STATUS_LOOK } from "@/components/canvas/run-overlay";
import type { DefinitionNode } from "@/lib/workflows/definition-types";
import { JsonTree } from "./JsonTree";
import { formatDuration, type NodeView } from "./run-view-model";

export type NodeDetail = { input: unknown } | null;
export type LoadNodeDetail = (runId: string, nodeId: string) => Promise<NodeDetail>;

/**
 * A settled node's recorded input does not change: it is read once per run, node and status, not
 * on every click (the last few hundred kept).
 */
const loaded = new Map<string, Promise<NodeDetail>>();
const LOADED_LIMIT = 300;
function loadOnce(load: LoadNodeDetail, key: string, runId: string, nodeId: string): Promise<NodeDetail> {
  let pending = loaded.get(key);
  if (!pending) {
    pending = load(runId, nodeId).catch(() => {
      loaded.delete(key); // a failed read may be tried again
      return null;
    });
    loaded.set(key, pending);
    if (loaded.size > LOADED_LIMIT) loaded.delete(loaded.keys().next().value as string);
  }
  return pending;
}

/** The child run a `workflow` node started (its output's runId). */
const childRunOf = (output: unknown): string | null => {
  const runId = (output as { runId?: unknown } | null | undefined)?.runId;
  return typeof runId === "string" && /^run_[A-Za-z0-9_-]+$/.test(runId) ? runId : null;
};

/** The child runs an agent's workflow tools started, with the tool that called each (its output's steps). */
const toolRunsOf = (output: unknown): { tool: string; runId: string; failed: boolean }[] => {
  const steps = (output as { steps?: unknown } | null | undefined)?.steps;
  if (!Array.isArray(steps)) return [];
  return steps.flatMap((step: { tool?: unknown; runId?: unknown; error?: unknown }) =>
    typeof step?.runId === "string" && /^run_[A-Za-z0-9_-]+$/.test(step.runId) ? [{ tool: String(step.tool ?? "tool"), runId: step.runId, failed: step.error !== undefined }] : [],
  );
};

const Heading = ({ children }: { children: React.ReactNode }) => (
  <h4 className="mb-1.5 mt-4 text-[10.5px] font-semibold uppercase tracking-wider text-zinc-400 first:mt-0">{children}</h4>
);

export function NodeRunDetails(p: {
  runId: string;
  nodeId: string | null;
  node: DefinitionNode | undefined;
  run: NodeView | undefined;
  loadDetail?: LoadNodeDetail;
  onRunFrom?: (nodeId: string) => Promise<string | null>;
}) {
  const [detail, setDetail] = useState<{ key: string; input: unknown } | null>(null);
  const [runFrom, setRunFrom] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const key = `${p.runId}/${p.nodeId}/${p.run?.status}`;
  const settled = p.run && p.run.status !== "queued" && p.run.status !== "running";
  const { loadDetail, runId, nodeId } = p;
  useEffect(() => {
    if (!loadDetail || !nodeId || !settled) return;
    let live = true;
    void loadOnce(loadDetail, key, runId, nodeId).then((d) => {
      if (live && d && d.input !== null && d.input !== undefined) setDetail({ key, input: d.input });
    });
    return () => {
      live = false;
    };
  }, [loadDetail, runId, nodeId, settled, key]);

  if (!p.nodeId) {
    return (
      <div className="flex flex-col items-center px-6 py-10 text-center text-[12.5px] text-zinc-500">
        <MousePointerClick className="mb-2 h-5 w-5 text-zinc-400" aria-hidden />
        Click a node on the canvas to see its input, output and error.
      </div>
    );
  }
  const look = p.run ? STATUS_LOOK[p.run.status] : null;
  const recordedInput = detail?.key === key ? detail.input : undefined;
  return (
    <div className="px-4 py-3" data-testid="node-run-details">
      <div className="mb-3 flex items-center justify-between gap-2">
        <div className="min-w-0">
          <div className="truncate text-[13px] font-semibold text-zinc-900">{p.node?.name || p.nodeId}</div>
          <code className="font-mono text-[11px] text-zinc-500">{p.nodeId}</code>
        </div>
        {look && <span className={`shrink-0 rounded-full px-2 py-0.5 text-[11px] font-semibold ring-1 ${look.badge}`}>{look.label}</span>}
      </div>
      {p.run && (
        <dl className="mb-3 grid grid-cols-3 gap-2 rounded-lg bg-zinc-50 p-2 text-center">
          <div><dt className="text-[10px] uppercase tracking-wide text-zinc-400">Duration</dt><dd className="font-mono text-[12px] text-zinc-800">{formatDuration(p.run.durationMs) || "—"}</dd></div>
          <div><dt className="text-[10px] uppercase tracking-wide text-zinc-400">Attempts</dt><dd className="font-mono text-[12px] text-zinc-800">{p.run.attempts || "—"}</dd></div>
          <div><dt className="text-[10px] uppercase tracking-wide text-zinc-400">Handle</dt><dd className="truncate font-mono text-[12px] text-zinc-800">{p.run.handle ?? "—"}</dd></div>
        </dl>
      )}
      {p.run?.error && (
        <>
          <Heading>Error{p.run.status === "error-routed" ? " (routed to the error port)" : ""}</Heading>
          <JsonTree value={p.run.error} label="error" testId="run-node-error" />
        </>
      )}
      {p.run?.live && p.run.live.length > 0 && (
        <>
          <Heading>Streaming</Heading>
          {p.run.live.map((l) => (
            <pre key={JSON.stringify(l.path)} data-testid="run-node-live" className="mb-2 max-h-64 overflow-y-auto whitespace-pre-wrap break-words rounded-lg bg-sky-50 p-2 font-mono text-[12px] text-zinc-800 ring-1 ring-sky-100">{l.text}</pre>
          ))}
        </>
      )}
      {p.onRunFrom && p.node && !p.node.parentId && (
        <div className="mb-3">
          <button
            type="button"
            disabled={runFrom.busy}
            onClick={() => {
              const nodeId = p.nodeId!;
              setRunFrom({ busy: true, error: null });
              void p.onRunFrom!(nodeId).then((error) => setRunFrom({ busy: false, error }), () => setRunFrom({ busy: false, error: "The server didn't answer; the run did not start." }));
            }}
            title="Run this node and everything after it again; the nodes before it reuse this run's outputs"
            className="flex h-7 items-center gap-1.5 rounded-md px-2.5 text-[12px] font-medium text-indigo-700 ring-1 ring-indigo-200 hover:bg-indigo-50 disabled:opacity-60"
          >
            <Play className="h-3 w-3 fill-current" aria-hidden /> Run from here
          </button>
          {runFrom.error && <p role="alert" className="mt-1 text-[11px] text-red-600">{runFrom.error}</p>}
        </div>
      )}
      {p.node?.type === "workflow" && childRunOf(p.run?.output) && (
        <Link href={`/runs/${childRunOf(p.run?.output)}`} data-testid="child-run-link" className="mb-2 inline-flex items-center gap-1 text-[12px] font-medium text-indigo-600 hover:underline">
          Open the child run <ExternalLink className="h-3 w-3" aria-hidden />
        </Link>
      )}
      {p.node?.type === "agent" && toolRunsOf(p.run?.output).length > 0 && (
        <ul className="mb-2 space-y-1" data-testid="agent-tool-runs">
          {toolRunsOf(p.run?.output).map(({ tool, runId, failed }) => (
            <li key={runId}>
              <Link href={`/runs/${runId}`} data-testid="child-run-link" className="inline-flex items-center gap-1 text-[12px] font-medium text-indigo-600 hover:underline">
                Open the run of <span className="font-mono">{tool}</span>
                {failed && <span className="text-red-600">(failed)</span>} <ExternalLink className="h-3 w-3" aria-hidden />
              </Link>
            </li>
          ))}
        </ul>
      )}
      <Heading>Output</Heading>
      {p.run?.hasOutput ? <JsonTree value={p.run.output} label="output" testId="run-node-output" /> : <p className="text-[12px] text-zinc-400">No output{p.run?.status === "skipped" ? ": the node was skipped" : " yet"}.</p>}
      {recordedInput !== undefined ? (
        <>
          <Heading>Input (as received, secrets masked)</Heading>
          <JsonTree value={recordedInput} label="input" testId="run-node-input" />
        </>
      ) : (
        <>
          <Heading>Settings (as configured)</Heading>
          <JsonTree value={p.node?.config ?? {}} label="settings" testId="run-node-settings" />
        </>
      )}
    </div>
  );
}
