"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/auth/action";
import { inputClasses } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  workflow: { id: string; name: string; toolName: string; enabled: boolean; description: string };
  /** The member's role may change it (editors and above); otherwise shown, not editable. */
  editable: boolean;
};

/** One workflow's MCP tool settings: offered or not, and the description the model reads. */
export function McpToolForm({ action, workflow, editable }: Props) {
  const [state, formAction] = useActionState(action, {});
  const id = `mcp-${workflow.id}`;
  return (
    <form action={formAction} noValidate aria-label={`MCP tool settings of ${workflow.name}`} className="space-y-2 px-4 py-3" data-testid="mcp-tool-form">
      <input type="hidden" name="workflowId" value={workflow.id} />
      <fieldset disabled={!editable} className="contents">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <label className="flex items-center gap-2 text-sm font-medium text-zinc-900">
          <input type="checkbox" name="enabled" value="on" defaultChecked={workflow.enabled} className="size-4 accent-indigo-600" />
          {workflow.name}
        </label>
        <code className="font-mono text-xs text-zinc-500" title="The tool's name for MCP clients">
          {workflow.toolName}
        </code>
      </div>
      <div className="flex flex-col gap-2 sm:flex-row sm:items-start">
        <label htmlFor={`${id}-description`} className="sr-only">
          Description for the model
        </label>
        <textarea
          id={`${id}-description`}
          name="description"
          rows={2}
          defaultValue={state.error ? state.values?.description : workflow.description}
          placeholder={`What it does and when to use it (default: Runs the workflow “${workflow.name}”.)`}
          className={`${inputClasses} min-w-0 flex-1 text-sm`}
        />
        {editable && (
          <SubmitButton size="sm" pendingLabel="Saving…">
            Save
          </SubmitButton>
        )}
      </div>
      </fieldset>
      <p aria-live="polite" className="min-h-4 text-xs">
        {state.error ? (
          <span role="alert" className="text-red-600">
            {state.error}
          </span>
        ) : state.ok && state.message ? (
          <span className="text-emerald-700">{state.message}</span>
        ) : null}
      </p>
    </form>
  );
}
