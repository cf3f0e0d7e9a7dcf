"use server";
// The list page's own actions: a workflow from a template, from an imported JSON file, or as a
// copy of another. All go through the one action wrapper (zod, signed-in user), every query is
// scoped to that user, and a workflow that is not theirs is "no longer exists".
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { auditAction } from "@/lib/audit/context";
import { validatedActionWithUser } from "@/lib/auth/action";
import { importedWorkflow, MAX_IMPORT_BYTES } from "@/lib/workflows/import-file";
import { workflowIdField } from "@/lib/workflows/names";
import { getDb } from "@/lib/db/client";
import { createWorkflowWithDefinition, duplicateWorkflow } from "@/lib/workflows/queries";
import { instantiateTemplate, templateSlugField } from "@/lib/workflows/templates";
import { actionWorkspace } from "@/lib/workspaces/current";

export const createFromTemplateAction = validatedActionWithUser(z.object({ template: templateSlugField }), async ({ template }, user, formData) => {
  const { db } = await getDb();
  const { workspace } = await actionWorkspace(formData.get("workspace"), "edit");
  const actor = { userId: user.id };
  // One transaction: the workflows a template calls exist exactly when the workflow that calls them does.
  const created: { id: string; name: string }[] = [];
  const workflow = await db.transaction(async (tx) => {
    const made = await instantiateTemplate(template, async (name, definition) => {
      const called = await createWorkflowWithDefinition(actor, workspace.id, name, definition, tx);
      created.push(called);
      return called.id;
    });
    return made && createWorkflowWithDefinition(actor, workspace.id, made.name, made.definition, tx);
  });
  if (!workflow) return { error: "There is no such template.", fieldErrors: { template: "There is no such template." } };
  for (const made of [...created, workflow]) await auditAction(user.id, { action: "workflow.create", objectId: made.id, objectLabel: made.name, detail: { template } });
  revalidatePath("/workflows");
  redirect(`/workflows/${workflow.id}`);
});

export const importWorkflowAction = validatedActionWithUser(z.object({}), async (_data, user, formData) => {
  const file = formData.get("file");
  if (!(file instanceof File) || file.size === 0) return { error: "Choose a JSON file to import.", fieldErrors: { file: "Choose a JSON file to import." } };
  if (file.size > MAX_IMPORT_BYTES) {
    const message = `The file is too large (${Math.ceil(file.size / 1024)} KB); the limit is ${MAX_IMPORT_BYTES / 1024} KB.`;
    return { error: message, fieldErrors: { file: message } };
  }
  const imported = importedWorkflow(await file.text(), file.name);
  if (!imported.ok) return { error: `${file.name} can't be imported:\n${imported.errors.join("\n")}`, fieldErrors: { file: imported.errors.join("\n") } };
  const { workspace } = await actionWorkspace(formData.get("workspace"), "edit");
  const workflow = await createWorkflowWithDefinition({ userId: user.id }, workspace.id, imported.name, imported.definition);
  await auditAction(user.id, { action: "workflow.create", objectId: workflow.id, objectLabel: workflow.name, detail: { importedFrom: file.name } });
  revalidatePath("/workflows");
  redirect(`/workflows/${workflow.id}`);
});

export const duplicateWorkflowAction = validatedActionWithUser(z.object({ id: workflowIdField }), async ({ id }, user) => {
  const copy = await duplicateWorkflow({ userId: user.id }, id);
  if (!copy) return { error: "This workflow no longer exists. It may have been deleted in another tab." };
  await auditAction(user.id, { action: "workflow.create", objectId: copy.id, objectLabel: copy.name, detail: { copyOf: id } });
  revalidatePath("/workflows");
  return { ok: true, message: `Duplicated as “${copy.name}”.` };
});
