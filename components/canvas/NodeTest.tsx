"use client";
/**
 * "Test this node": runs the selected node of the saved workflow alone, the nodes before it handing
 * on their pinned sample data or the latest run's outputs (lib/runs/test-node.ts), and shows what it
 * returned. Nothing is stored but pins (./PinnedData.tsx).
 */
import { useEffect, useRef, useState } from "react";
import { FlaskConical, LoaderCircle } from "lucide-react";
import { JsonTree } from "@/components/runs/JsonTree";
import { testNodeAction } from "@/lib/runs/actions";
import type { NodeTestResult } from "@/lib/runs/test-node";
import { useWorkflowEditor } from "./editor-context";
import { PinResult, UpstreamPins } from "./PinnedData";

export function NodeTest({ nodeId }: { nodeId: string }) {
  const { workflowId, saveStatus } = useWorkflowEditor();
  const [state, setState] = useState<{ busy: boolean; result?: NodeTestResult; error?: string; for?: string }>({ busy: false });
  const saved = saveStatus.state === "saved";
  const shown = state.for === nodeId ? state : { busy: state.busy };
  const run = async () => {
    setState({ busy: true, for: nodeId });
    try {
      const answer = await testNodeAction(workflowId, nodeId);
      setState("error" in answer ? { busy: false, error: answer.error, for: nodeId } : { busy: false, result: answer.result, for: nodeId });
    } catch {
      setState({ busy: false, error: "The server didn't answer; the node was not tested.", for: nodeId });
    }
  };
  const r = shown.result;
  // The panel is tall: bring the answer into view when it arrives.
  const answer = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // A block body: the effect must return nothing (Chromium's scrollIntoView may return a promise).
    answer.current?.scrollIntoView({ block: "nearest" });
  }, [r, shown.error]);
  return (
    <div data-testid="node-test" ref={answer}>
      <button
        type="button"
        onClick={() => void run()}
        disabled={state.busy || !saved}
        title={saved ? "Run this node alone; the nodes before it hand on their pinned data or the latest run's outputs" : "Wait until your changes are saved"}
        className="flex h-8 items-center gap-1.5 rounded-lg px-3 text-[12.5px] font-medium text-indigo-700 ring-1 ring-indigo-200 hover:bg-indigo-50 disabled:opacity-60"
      >
        {state.busy ? <LoaderCircle className="h-3.5 w-3.5 animate-spin" aria-hidden /> : <FlaskConical className="h-3.5 w-3.5" aria-hidden />} Test this node
      </button>
      {shown.error && <p role="alert" className="mt-2 text-[12px] text-red-600">{shown.error}</p>}
      {r && (
        <div className="mt-2.5 space-y-2" data-testid="node-test-result" data-status={r.status}>
          <p className="text-[12px] text-zinc-600">
            <span className={`font-semibold ${r.status === "completed" ? "text-emerald-700" : r.status === "failed" ? "text-red-700" : "text-zinc-800"}`}>{r.status}</span>
            {r.durationMs !== undefined && ` in ${r.durationMs} ms`}
            {r.pinned.length > 0 && `, with the pinned data of ${r.pinned.join(", ")}`}
            {r.from && r.from.reused.length > 0 && `${r.pinned.length > 0 ? " and" : ","} with the outputs of ${r.from.reused.join(", ")} from run ${r.from.runId.slice(0, 12)}…`}
          </p>
          {r.ran.length > 0 && <p className="text-[11.5px] text-amber-700">No earlier output for {r.ran.join(", ")}: ran {r.ran.length === 1 ? "it" : "them"} too.</p>}
          {r.error ? <JsonTree value={r.error} label="error" testId="node-test-error" /> : <JsonTree value={r.output ?? null} label="output" testId="node-test-output" />}
          {r.status === "completed" && <PinResult nodeId={nodeId} output={r.output} />}
        </div>
      )}
      <UpstreamPins nodeId={nodeId} />
    </div>
  );
}
