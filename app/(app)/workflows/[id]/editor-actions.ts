"use server";
/**
 * The editor's two server actions. They take JSON (a definition), not a form, so they check the
 * user with requireUser() and the input with zod themselves, as validatedActionWithUser does for forms.
 */
import { unstable_rethrow } from "next/navigation";
import { revalidatePath } from "next/cache";
import { requireUser } from "@/lib/auth/session";
import { buildPlan, createRegistry, type Registry } from "@/lib/engine";
import { coreHandlers } from "@/lib/engine/handlers";
import type { Problem } from "@/lib/workflows/catalog-types";
import { WORKFLOW_GONE as GONE, parseDraft } from "@/lib/workflows/definition-schema";
import { saveWorkflowDefinition } from "@/lib/workflows/save-definition";

export type SaveDefinitionResult = { ok: true } | { ok?: false; error: string };

let registry: Registry | undefined;

/** The engine's build problems of a definition (none: it can run). */
export async function validateDefinition(definition: unknown): Promise<Problem[]> {
  await requireUser();
  registry ??= createRegistry(coreHandlers);
  const built = buildPlan(definition, registry);
  return built.ok ? [] : built.problems.map((p) => ({ path: p.path, message: p.message }));
}

/** Stores the draft definition (problems and all) and keeps the workflow's name in step with it. */
export async function saveDefinition(workflowId: unknown, definition: unknown): Promise<SaveDefinitionResult> {
  const user = await requireUser();
  const draft = parseDraft(workflowId, definition);
  if ("error" in draft) return draft;
  try {
    if (!(await saveWorkflowDefinition(user.id, draft.id, draft.definition))) return { error: GONE };
  } catch (error) {
    unstable_rethrow(error);
    console.error("[saveDefinition] unexpected error", error);
    return { error: "Something went wrong on our side; your edits are kept here and will be saved again." };
  }
  revalidatePath("/workflows");
  return { ok: true };
}
