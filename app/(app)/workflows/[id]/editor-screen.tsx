"use client";
/** The editor page's client side: the canvas editor plus (later) running it. */
import { WorkflowEditor, type WorkflowEditorProps } from "@/components/canvas";

export function EditorScreen(props: WorkflowEditorProps) {
  return <WorkflowEditor {...props} />;
}
