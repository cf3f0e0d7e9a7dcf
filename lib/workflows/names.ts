import { z } from "zod";

export const WORKFLOW_NAME_MAX = 120;

/** Counts what PostgreSQL's varchar(120) counts: characters (code points), not UTF-16 units. */
export function characterCount(text: string): number {
  return [...text].length;
}

export const workflowNameField = z
  .string({ error: "Enter a name for the workflow" })
  .trim()
  .superRefine((name, ctx) => {
    if (name.length === 0) {
      ctx.addIssue({ code: "custom", message: "Enter a name for the workflow" });
      return;
    }
    const count = characterCount(name);
    if (count > WORKFLOW_NAME_MAX) {
      ctx.addIssue({
        code: "custom",
        message: `Name is too long: ${count} characters, the limit is ${WORKFLOW_NAME_MAX}`,
      });
    }
  });

/** Workflow ids are opaque text; anything else (empty, huge) is simply "not found". */
export const workflowIdField = z.string().min(1).max(100);

export const createWorkflowSchema = z.object({ name: workflowNameField });
export const renameWorkflowSchema = z.object({ id: workflowIdField, name: workflowNameField });
export const deleteWorkflowSchema = z.object({ id: workflowIdField });
