export { WorkflowEditor, type WorkflowEditorProps } from "./WorkflowEditor";
export { useWorkflowEditor } from "./editor-context";
export type { SaveAction, SaveResult, ValidateAction } from "./use-sync";
