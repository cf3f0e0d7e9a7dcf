"use client";
/** The editor page's client side: the canvas editor, the Run button, and the run drawn live on the canvas. */
import { useCallback, useState } from "react";
import { History } from "lucide-react";
import { WorkflowEditor, type WorkflowEditorProps } from "@/components/canvas";
import { HistoryControls } from "@/components/canvas/history-controls";
import { HistoryPanel, type VersionPreview } from "@/components/canvas/history-panel";
import { RunCanvas } from "@/components/runs/RunCanvas";
import { RunButton } from "@/components/runs/RunControls";
import { RunHistory } from "@/components/runs/RunHistory";
import { RunPanel } from "@/components/runs/RunPanel";
import { useRunLive } from "@/components/runs/use-run-view";
import { runFromNodeAction, startRunAction } from "@/lib/runs/actions";
import { listRunsAction, nodeRunDetailAction } from "./run-actions";
import { listVersionsAction, saveVersionAction, versionDefinitionAction } from "./version-actions";

type Props = Omit<WorkflowEditorProps, "toolbarSlot" | "run" | "sidePanel" | "canvasCover">;

export function EditorScreen(props: Props) {
  const { workflowId } = props;
  const [run, setRun] = useState<{ id: string; nodeIds: string[] } | null>(null);
  const [panelOpen, setPanelOpen] = useState(false);
  const { view, connection } = useRunLive(run?.id ?? null, run?.nodeIds ?? []);
  // The version history takes the side panel's place while open; a previewed version covers the canvas.
  const [historyOpen, setHistoryOpen] = useState(false);
  const [preview, setPreview] = useState<VersionPreview | null>(null);
  const [versionsKey, setVersionsKey] = useState(0);
  const listVersions = useCallback(() => listVersionsAction(workflowId), [workflowId]);
  const loadVersion = useCallback((versionId: string) => versionDefinitionAction(workflowId, versionId), [workflowId]);
  const saveVersion = useCallback(
    (definition: Parameters<typeof saveVersionAction>[1], baseRevision: number) => saveVersionAction(workflowId, definition, baseRevision),
    [workflowId],
  );
  const toggleHistory = () => {
    setHistoryOpen((o) => !o);
    setPreview(null);
  };

  const startRun = useCallback(async (inputs: Record<string, unknown>) => startRunAction(workflowId, inputs), [workflowId]);
  const listRuns = useCallback((statuses: string[]) => listRunsAction(workflowId, statuses), [workflowId]);
  const cancel = useCallback(async () => {
    if (run) await fetch(`/api/runs/${encodeURIComponent(run.id)}/cancel`, { method: "POST", headers: { "content-type": "application/json" } });
  }, [run]);

  const toolbar = (
    <>
      <HistoryControls onSaveVersion={saveVersion} onSaved={() => setVersionsKey((k) => k + 1)} historyOpen={historyOpen} onToggleHistory={toggleHistory} />
      <button
        type="button"
        onClick={() => {
          setPanelOpen((o) => !o);
          setHistoryOpen(false);
          setPreview(null);
        }}
        aria-pressed={panelOpen}
        className={`flex h-8 items-center gap-1.5 rounded-lg px-2.5 text-[13px] font-medium ring-1 ${panelOpen ? "bg-zinc-900 text-white ring-zinc-900" : "text-zinc-700 ring-zinc-200 hover:bg-zinc-50"}`}
      >
        <History className="h-3.5 w-3.5" aria-hidden /> Runs
      </button>
      <RunButton
        onStart={startRun}
        onStarted={(id, nodeIds) => {
          setRun({ id, nodeIds });
          setPanelOpen(true);
          setHistoryOpen(false);
          setPreview(null);
        }}
      />
    </>
  );

  return (
    <WorkflowEditor
      {...props}
      toolbarSlot={toolbar}
      run={view}
      canvasCover={
        historyOpen && preview ? (
          <div className="flex min-w-0 flex-1" data-testid="history-preview">
            <RunCanvas key={preview.id} definition={preview.definition} catalog={props.catalog} view={null} onSelect={() => {}} workflowId={workflowId} />
          </div>
        ) : undefined
      }
      sidePanel={
        historyOpen
          ? () => <HistoryPanel listVersions={listVersions} loadVersion={loadVersion} refreshKey={versionsKey} preview={preview} onPreview={setPreview} onClose={toggleHistory} />
          : panelOpen
          ? ({ selectedNodeId, definition, selectNode }) => (
              <RunPanel
                view={view}
                definition={definition}
                selectedNodeId={selectedNodeId}
                onSelectNode={selectNode}
                onCancel={cancel}
                loadDetail={nodeRunDetailAction}
                connection={connection}
                onRunFrom={async (nodeId) => {
                  const started = await runFromNodeAction(workflowId, nodeId, run?.id);
                  if ("error" in started) return started.error;
                  setRun({ id: started.runId, nodeIds: definition.nodes.map((n) => n.id) });
                  return null;
                }}
                showRunLink
                onClose={() => {
                  setPanelOpen(false);
                  setRun(null);
                }}
                history={<RunHistory listRuns={listRuns} activeRunId={run?.id ?? null} refreshKey={`${run?.id}:${view?.status}`} onOpen={(id) => setRun({ id, nodeIds: definition.nodes.map((n) => n.id) })} />}
              />
            )
          : undefined
      }
    />
  );
}
