"use client";
/**
 * The workflow editor: palette, React Flow canvas, node panel and toolbar.
 * Mount it from a server component with the workflow, the catalog built by
 * `buildCatalog(coreHandlers)` and two server actions (save, validate).
 */
import { useCallback, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { ReactFlow, ReactFlowProvider, useReactFlow } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { catalogByType, type Catalog, type Problem } from "@/lib/workflows/catalog-types";
import type { FlowNode } from "@/lib/workflows/definition-graph";
import { exportFileName, parseImportedDefinition } from "@/lib/workflows/definition-import";
import type { WorkflowDefinition } from "@/lib/workflows/definition-types";
import { nodeIdProblem, renameNode as renameInDefinition } from "@/lib/workflows/node-ids";
import type { RunView } from "@/components/runs/run-view-model";
import { CanvasBackdrop, CanvasMiniMap, defaultEdgeOptions, edgeTypes, nodeTypes } from "./canvas-setup";
import { EditorContext, type EditorApi } from "./editor-context";
import { EmptyCanvas, ImportErrors, ProblemsPopover } from "./EditorOverlays";
import { NodePanel } from "./NodePanel";
import { Palette } from "./Palette";
import { SaveConflict } from "./save-conflict";
import { ShortcutsSheet } from "./ShortcutsSheet";
import { CanvasStoreContext, useCanvasStore, useStableValue, usedHandlesOf } from "./canvas-store";
import { useColorMode } from "./use-color-mode";
import { usePaneFit } from "./use-pane-fit";
import { Toolbar } from "./Toolbar";
import { useCanvasActions } from "./use-canvas-actions";
import { useEditorState } from "./use-editor-state";
import { expectedFitViewport, presizeCompact } from "./level-of-detail";
import { useShortcuts } from "./use-shortcuts";
import { useAutosave, useValidation, type SaveAction, type ValidateAction } from "./use-sync";
import type { PinnedOutputs } from "@/lib/workflows/pins";
import { useWorkflowNames } from "./use-workflow-names";

const FIT = { padding: 0.1, maxZoom: 1 };
const MIN_ZOOM = 0.1;

export type SidePanelContext = {
  selectedNodeId: string | null;
  definition: WorkflowDefinition;
  /** Selects a node and brings it into view. */
  selectNode: (id: string) => void;
};

export type WorkflowEditorProps = {
  workflowId: string;
  /** The slug of the workflow's workspace (the workflow picker lists its workflows). */
  workspace?: string;
  name: string;
  definition: WorkflowDefinition;
  /** The stored workflow's revision `definition` was read at: the first save is based on it. */
  revision: number;
  catalog: Catalog;
  /** Problems of the stored definition, when the page already validated it. */
  problems?: Problem[];
  onSave: SaveAction;
  onValidate: ValidateAction;
  /** Extra toolbar content (the Run button); it can read `useWorkflowEditor().hasProblems`. */
  toolbarSlot?: ReactNode;
  /** A run drawn over the canvas (statuses, durations, active edges). */
  run?: RunView | null;
  /** A panel docked right of the canvas (the run panel); while it renders, the node settings panel stays closed. */
  sidePanel?: (ctx: SidePanelContext) => ReactNode;
  /** Shown over the canvas instead of it (a saved version's read-only preview). */
  canvasCover?: ReactNode;
  /** Sample data pinned per node when the page was read (lib/workflows/pins.ts). */
  pinnedOutputs?: PinnedOutputs;
};

export function WorkflowEditor(props: WorkflowEditorProps) {
  return (
    <ReactFlowProvider>
      <EditorInner {...props} />
    </ReactFlowProvider>
  );
}

function EditorInner({ workflowId, workspace, name, definition: initial, revision, catalog: catalogProp, problems: initialProblems, onSave, onValidate, toolbarSlot, run = null, sidePanel, canvasCover, pinnedOutputs }: WorkflowEditorProps) {
  const catalog = useStableValue(catalogProp);
  const byType = useMemo(() => catalogByType(catalog), [catalog]);
  const start = useMemo(() => ({ ...initial, name: initial.name ?? name }), [initial, name]);
  const [firstViewport] = useState(() => expectedFitViewport(start.nodes.map((n) => ({ position: n.position ?? { x: 0, y: 0 }, parentId: n.parentId, width: n.size?.width, height: n.size?.height })), { ...FIT, minZoom: MIN_ZOOM }));
  const state = useEditorState(start, byType, (nodes) => presizeCompact(nodes, firstViewport, byType, usedHandlesOf(start.edges)));
  const actions = useCanvasActions(state, byType);
  const flow = useReactFlow<FlowNode>();
  const pane = useRef<HTMLDivElement>(null);
  const saves = useAutosave(state.definition, state.json, onSave, revision);
  const saveStatus = saves.status;
  const validation = useValidation(state.definition, onValidate, initialProblems);
  const [problemsOpen, setProblemsOpen] = useState(false);
  const [importErrors, setImportErrors] = useState<string[] | null>(null);

  const selected = state.nodes.filter((n) => n.selected);
  const panelNode = selected.length === 1 ? selected[0].id : null;
  const hasSelection = selected.length > 0 || state.edges.some((e) => e.selected);

  // Nodes and edges read their own slices from this store (./canvas-store.ts), not the context below.
  const usedHandles = useMemo(() => usedHandlesOf(state.definition.edges), [state.definition.edges]);
  const [pins, setPins] = useState<PinnedOutputs>(() => pinnedOutputs ?? {});
  const workflowNames = useWorkflowNames(state.definition, workspace);
  const store = useCanvasStore({ catalog: byType, problems: validation.index, usedHandles, run, pinned: pins, workflowNames });
  usePaneFit(pane);
  const colorMode = useColorMode();

  // The callbacks read the latest state through a ref: they stay the same function for the editor's life.
  const latest = useRef(state);
  useLayoutEffect(() => {
    latest.current = state;
  });
  const renameNode = useCallback(
    (from: string, to: string) => {
      const { definition, applyDefinition } = latest.current;
      const problem = nodeIdProblem(to, definition.nodes.map((n) => n.id), from);
      if (problem) return problem;
      applyDefinition(renameInDefinition(definition, from, to, (t) => byType.get(t)?.rawFields ?? []), [to]);
      return null;
    },
    [byType],
  );

  const restoreDefinition = useCallback((next: WorkflowDefinition) => {
    latest.current.checkpoint(); // the edits before it stay one undo step away
    latest.current.applyDefinition(next, []);
  }, []);

  const { setMeta } = state;
  const setInputs = useCallback(
    (schema: Record<string, unknown> | undefined) =>
      setMeta((meta) => {
        const next = { ...meta };
        if (schema === undefined) delete next.inputs;
        else next.inputs = schema;
        return next;
      }),
    [setMeta],
  );

  const api: EditorApi = useMemo(
    () => ({
      workflowId,
      workspace,
      catalog: byType,
      definition: state.definition,
      problems: validation.problems,
      problemIndex: validation.index,
      hasProblems: validation.problems.length > 0,
      saveStatus,
      runSave: saves.runSave,
      updateNode: state.updateNode,
      renameNode,
      restoreDefinition,
      setInputs,
      pins,
      setPins,
    }),
    [workflowId, workspace, byType, state.definition, state.updateNode, validation.problems, validation.index, saveStatus, saves.runSave, renameNode, restoreDefinition, setInputs, pins],
  );

  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  useShortcuts({ undo: state.undo, redo: state.redo, copy: actions.copy, paste: actions.paste, help: () => setShortcutsOpen(true) });

  const select = (id: string) => {
    state.setNodes((nodes) => nodes.map((n) => ({ ...n, selected: n.id === id })));
    const node = flow.getInternalNode(id);
    if (node) {
      const p = node.internals.positionAbsolute;
      void flow.setCenter(p.x + (node.measured.width ?? 240) / 2, p.y + (node.measured.height ?? 80) / 2, { duration: 300, zoom: flow.getZoom() });
    }
  };

  const exportJson = () => {
    const blob = new Blob([JSON.stringify(state.definition, null, 2) + "\n"], { type: "application/json" });
    const url = URL.createObjectURL(blob);
    const a = Object.assign(document.createElement("a"), { href: url, download: exportFileName(state.definition.name) });
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  const importFile = async (file: File) => {
    const result = parseImportedDefinition(await file.text());
    if (!result.ok) return setImportErrors(result.errors);
    setImportErrors(null);
    state.checkpoint();
    state.applyDefinition({ ...result.definition, name: result.definition.name ?? state.definition.name }, []);
    requestAnimationFrame(() => void flow.fitView({ padding: 0.1, maxZoom: 1, duration: 300 }));
  };

  const side = sidePanel?.({ selectedNodeId: panelNode, definition: state.definition, selectNode: select });
  return (
    <EditorContext.Provider value={api}>
      <CanvasStoreContext.Provider value={store}>
      <div className="flex h-full min-h-0 w-full flex-col bg-zinc-50 text-zinc-900" data-testid="workflow-editor" data-has-problems={api.hasProblems}>
        <Toolbar
          name={state.definition.name ?? name}
          onRename={(n) => state.setMeta((m) => ({ ...m, name: n }))}
          saveStatus={saveStatus}
          problemCount={validation.problems.length}
          problemsOpen={problemsOpen}
          onToggleProblems={() => setProblemsOpen((o) => !o)}
          canUndo={state.canUndo}
          canRedo={state.canRedo}
          hasSelection={hasSelection}
          canPaste={actions.hasClipboard()}
          onUndo={state.undo}
          onRedo={state.redo}
          onCopy={actions.copy}
          onPaste={actions.paste}
          onDelete={actions.deleteSelected}
          onLayout={actions.layout}
          onFit={() => void flow.fitView({ padding: 0.1, maxZoom: 1, duration: 300 })}
          onExport={exportJson}
          onImportFile={(f) => void importFile(f)}
          slot={toolbarSlot}
          onShortcuts={() => setShortcutsOpen(true)}
        />
        <div className="flex min-h-0 flex-1 max-sm:flex-col">
          <Palette catalog={catalog} onAdd={(type) => actions.addAtCenter(type, pane.current)} />
          <div className="relative min-h-0 min-w-0 flex-1" ref={pane} onDragOver={actions.onDragOver} onDrop={actions.onDrop}>
            <ReactFlow
              colorMode={colorMode}
              nodes={state.nodes}
              edges={state.edges}
              nodeTypes={nodeTypes}
              edgeTypes={edgeTypes}
              defaultEdgeOptions={defaultEdgeOptions}
              onNodesChange={state.onNodesChange}
              onEdgesChange={state.onEdgesChange}
              onConnect={actions.onConnect}
              isValidConnection={actions.isValidConnection}
              onNodeDragStart={() => state.setBusy(true)}
              onNodeDragStop={actions.onNodeDragStop}
              deleteKeyCode={["Delete", "Backspace"]}
              multiSelectionKeyCode={["Meta", "Control", "Shift"]}
              defaultViewport={firstViewport}
              fitView
              fitViewOptions={FIT}
              minZoom={MIN_ZOOM}
            >
              <CanvasBackdrop />
              {state.nodes.length > 0 && <CanvasMiniMap />}
            </ReactFlow>
            {state.nodes.length === 0 && <EmptyCanvas catalog={catalog} onAdd={(type) => actions.addAtCenter(type, pane.current)} />}
            {problemsOpen && <ProblemsPopover onSelect={select} onClose={() => setProblemsOpen(false)} error={validation.error} />}
            {shortcutsOpen && <ShortcutsSheet onClose={() => setShortcutsOpen(false)} />}
            {importErrors && <ImportErrors errors={importErrors} onClose={() => setImportErrors(null)} />}
            {saveStatus.state === "conflict" && <SaveConflict onReload={saves.reload} onOverwrite={saves.overwrite} />}
            {canvasCover && <div className="absolute inset-0 z-20 flex bg-zinc-50">{canvasCover}</div>}
          </div>
          {side}
          {!side && panelNode && <NodePanel key={panelNode} nodeId={panelNode} onClose={() => state.setNodes((nodes) => nodes.map((n) => (n.selected ? { ...n, selected: false } : n)))} />}
        </div>
      </div>
      </CanvasStoreContext.Provider>
    </EditorContext.Provider>
  );
}
