"use server";

import { revalidatePath } from "next/cache";
import { auditAction } from "@/lib/audit/context";
import { validatedActionWithUser } from "@/lib/auth/action";
import { createWorkflowSchema, deleteWorkflowSchema, renameWorkflowSchema } from "@/lib/workflows/names";
import { createWorkflow, deleteWorkflow, renameWorkflow } from "@/lib/workflows/queries";

const GONE = "This workflow no longer exists. It may have been deleted in another tab.";

export const createWorkflowAction = validatedActionWithUser(createWorkflowSchema, async ({ name }, user) => {
  const workflow = await createWorkflow(user.id, name);
  await auditAction(user.id, { action: "workflow.create", objectId: workflow.id, objectLabel: workflow.name });
  revalidatePath("/workflows");
  return { ok: true, message: `Created “${workflow.name}”.` };
});

export const renameWorkflowAction = validatedActionWithUser(renameWorkflowSchema, async ({ id, name }, user) => {
  if (!(await renameWorkflow(user.id, id, name)).ok) return { error: GONE };
  await auditAction(user.id, { action: "workflow.rename", objectId: id, objectLabel: name });
  revalidatePath("/workflows");
  revalidatePath(`/workflows/${id}`);
  return { ok: true, message: `Renamed to “${name}”.` };
});

export const deleteWorkflowAction = validatedActionWithUser(deleteWorkflowSchema, async ({ id }, user) => {
  const deleted = await deleteWorkflow(user.id, id);
  if (!deleted) return { error: GONE };
  await auditAction(user.id, { action: "workflow.delete", objectId: id, objectLabel: deleted.name });
  revalidatePath("/workflows");
  return { ok: true, message: "Workflow deleted." };
});
