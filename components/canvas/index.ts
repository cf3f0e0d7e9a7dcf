export { WorkflowEditor, type SidePanelContext, type WorkflowEditorProps } from "./WorkflowEditor";
export { useWorkflowEditor } from "./editor-context";
export type { SaveAction, SaveResult, ValidateAction } from "./use-sync";
