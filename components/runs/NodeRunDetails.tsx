"use client";
/** One node of the run: status, duration, attempts, and its input, output and error as JSON trees. */
import { useEffect, useState } from "react";
import { MousePointerClick } from "lucide-react";
import { STATUS_LOOK } from "@/components/canvas/run-overlay";
import type { DefinitionNode } from "@/lib/workflows/definition-types";
import { JsonTree } from "./JsonTree";
import { formatDuration, type NodeView } from "./run-view-model";

export type NodeDetail = { input: unknown } | null;
export type LoadNodeDetail = (runId: string, nodeId: string) => Promise<NodeDetail>;

const Heading = ({ children }: { children: React.ReactNode }) => (
  <h4 className="mb-1.5 mt-4 text-[10.5px] font-semibold uppercase tracking-wider text-zinc-400 first:mt-0">{children}</h4>
);

export function NodeRunDetails(p: { runId: string; nodeId: string | null; node: DefinitionNode | undefined; run: NodeView | undefined; loadDetail?: LoadNodeDetail }) {
  const [detail, setDetail] = useState<{ key: string; input: unknown } | null>(null);
  const key = `${p.runId}/${p.nodeId}/${p.run?.status}`;
  const settled = p.run && p.run.status !== "queued" && p.run.status !== "running";
  const { loadDetail, runId, nodeId } = p;
  useEffect(() => {
    if (!loadDetail || !nodeId || !settled) return;
    let live = true;
    void loadDetail(runId, nodeId).then((d) => {
      if (live && d && d.input !== null && d.input !== undefined) setDetail({ key, input: d.input });
    }, () => {});
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
      <Heading>Output</Heading>
      {p.run?.hasOutput ? <JsonTree value={p.run.output} label="output" testId="run-node-output" /> : <p className="text-[12px] text-zinc-400">No output{p.run?.status === "skipped" ? ": the node was skipped" : " yet"}.</p>}
      <Heading>{recordedInput !== undefined ? "Input" : "Input (configured)"}</Heading>
      <JsonTree value={recordedInput !== undefined ? recordedInput : (p.node?.config ?? {})} label="input" testId="run-node-input" />
    </div>
  );
}
