/**
 * The shape a saved definition must have before it is stored: the outline the editor always
 * writes (version 1, nodes and edges with ids). The engine's build checks everything else and
 * reports it as problems; a definition with problems is still saved (it is a draft).
 */
import { z } from "zod";
import type { WorkflowDefinition } from "./definition-types";
import { WORKFLOW_NAME_MAX, characterCount, workflowIdField } from "./names";

const nodeShape = z.looseObject({
  id: z.string().min(1, "a node needs an id").max(200),
  type: z.string().min(1, "a node needs a type").max(100),
});

const edgeShape = z.looseObject({
  id: z.string().min(1, "an edge needs an id").max(400),
  source: z.string().min(1),
  target: z.string().min(1),
  sourceHandle: z.string().optional(),
});

export const savedDefinitionSchema = z.looseObject({
  version: z.literal(1, { error: "version must be 1" }),
  name: z.string().max(500).optional(),
  nodes: z.array(nodeShape).max(5000, "at most 5000 nodes"),
  edges: z.array(edgeShape).max(20000, "at most 20000 edges"),
});

/** Keeps the definition's size bounded: jsonb is not a file store. */
export const SAVED_DEFINITION_MAX_BYTES = 2 * 1024 * 1024;

/** "nodes[3].id: a node needs an id" for the first zod issue. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "The definition is not valid";
  const path = issue.path.reduce<string>(
    (out, part) => (typeof part === "number" ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)),
    "",
  );
  return path ? `${path}: ${issue.message}` : issue.message;
}

/** The workflow name a definition's `name` implies, or null when it should not rename the workflow. */
export function workflowNameFrom(definitionName: unknown): string | null {
  if (typeof definitionName !== "string") return null;
  const name = definitionName.trim();
  if (name === "" || characterCount(name) > WORKFLOW_NAME_MAX) return null;
  return name;
}

/** The revision a save was based on (workflows.revision). */
export const revisionField = z.number().int().min(0).max(2_147_483_647);

/** What the editor's save actions answer for a workflow that isn't there (or isn't the caller's). */
export const WORKFLOW_GONE = "This workflow no longer exists. It may have been deleted in another tab.";

/** Checks a draft the editor sends (its workflow id, shape and size) before it is stored. */
export function parseDraft(workflowId: unknown, definition: unknown): { id: string; definition: WorkflowDefinition } | { error: string } {
  const id = workflowIdField.safeParse(workflowId);
  if (!id.success) return { error: WORKFLOW_GONE };
  const parsed = savedDefinitionSchema.safeParse(definition);
  if (!parsed.success) return { error: `Not saved: ${firstIssue(parsed.error)}` };
  const size = JSON.stringify(parsed.data).length;
  if (size > SAVED_DEFINITION_MAX_BYTES) return { error: `Not saved: the definition is ${Math.ceil(size / 1024)} KiB, the limit is ${SAVED_DEFINITION_MAX_BYTES / 1024} KiB` };
  return { id: id.data, definition: parsed.data as WorkflowDefinition };
}
