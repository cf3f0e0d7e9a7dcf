"use server";

import { revalidatePath } from "next/cache";
import { validatedActionWithUser } from "@/lib/auth/action";
import { createWorkflowSchema, deleteWorkflowSchema, renameWorkflowSchema } from "@/lib/workflows/names";
import { createWorkflow, deleteWorkflow, renameWorkflow } from "@/lib/workflows/queries";

const GONE = "This workflow no longer exists. It may have been deleted in another tab.";

export const createWorkflowAction = validatedActionWithUser(createWorkflowSchema, async ({ name }, user) => {
  const workflow = await createWorkflow(user.id, name);
  revalidatePath("/workflows");
  return { ok: true, message: `Created “${workflow.name}”.` };
});

export const renameWorkflowAction = validatedActionWithUser(renameWorkflowSchema, async ({ id, name }, user) => {
  if (!(await renameWorkflow(user.id, id, name)).ok) return { error: GONE };
  revalidatePath("/workflows");
  revalidatePath(`/workflows/${id}`);
  return { ok: true, message: `Renamed to “${name}”.` };
});

export const deleteWorkflowAction = validatedActionWithUser(deleteWorkflowSchema, async ({ id }, user) => {
  if (!(await deleteWorkflow(user.id, id))) return { error: GONE };
  revalidatePath("/workflows");
  return { ok: true, message: "Workflow deleted." };
});
