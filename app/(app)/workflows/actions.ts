"use server";

import { revalidatePath } from "next/cache";
import { auditAction } from "@/lib/audit/context";
import { validatedActionWithUser } from "@/lib/auth/action";
import { createWorkflowSchema, deleteWorkflowSchema, renameWorkflowSchema } from "@/lib/workflows/names";
import { createWorkflow, deleteWorkflow, renameWorkflow } from "@/lib/workflows/queries";
import { saveRefusal } from "@/lib/workflows/save-result";
import { actionWorkspace } from "@/lib/workspaces/current";

const GONE = "This workflow no longer exists. It may have been deleted in another tab.";

export const createWorkflowAction = validatedActionWithUser(createWorkflowSchema, async ({ name }, user, formData) => {
  const { workspace } = await actionWorkspace(formData.get("workspace"), "edit");
  const workflow = await createWorkflow({ userId: user.id }, workspace.id, name);
  await auditAction(user.id, { action: "workflow.create", objectId: workflow.id, objectLabel: workflow.name });
  revalidatePath("/workflows");
  return { ok: true, message: `Created “${workflow.name}”.` };
});

export const renameWorkflowAction = validatedActionWithUser(renameWorkflowSchema, async ({ id, name }, user) => {
  const renamed = await renameWorkflow({ userId: user.id }, id, name);
  if (!renamed.ok) return { error: saveRefusal(renamed) ?? GONE };
  await auditAction(user.id, { action: "workflow.rename", objectId: id, objectLabel: name });
  revalidatePath("/workflows");
  revalidatePath(`/workflows/${id}`);
  return { ok: true, message: `Renamed to “${name}”.` };
});

export const deleteWorkflowAction = validatedActionWithUser(deleteWorkflowSchema, async ({ id }, user) => {
  const deleted = await deleteWorkflow({ userId: user.id }, id);
  if (!deleted.ok) return { error: saveRefusal(deleted) ?? GONE };
  await auditAction(user.id, { action: "workflow.delete", workspaceId: deleted.workspaceId, objectId: id, objectLabel: deleted.name });
  revalidatePath("/workflows");
  return { ok: true, message: "Workflow deleted." };
});
