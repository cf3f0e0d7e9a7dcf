"use server";
/**
 * The editor's two server actions. They take JSON (a definition), not a form, so they check the
 * user with requireUser() and the input with zod themselves, as validatedActionWithUser does for forms.
 */
import { unstable_rethrow } from "next/navigation";
import { revalidatePath } from "next/cache";
import { auditAction } from "@/lib/audit/context";
import { requireUser } from "@/lib/auth/session";
import { buildPlan, createRegistry, type Registry } from "@/lib/engine";
import { logUnexpected } from "@/lib/db/faults";
import { coreHandlers } from "@/lib/engine/handlers";
import type { Problem } from "@/lib/workflows/catalog-types";
import { parseDraft, revisionField } from "@/lib/workflows/definition-schema";
import { editProblems } from "@/lib/workflows/edit-checks";
import { saveWorkflowDefinition } from "@/lib/workflows/save-definition";
import { saveFailure, type SaveDefinitionResult } from "@/lib/workflows/save-result";

let registry: Registry | undefined;

/** The engine's build problems of a definition and the editor's own checks (none: it can run). */
export async function validateDefinition(definition: unknown): Promise<Problem[]> {
  await requireUser();
  registry ??= createRegistry(coreHandlers);
  const built = buildPlan(definition, registry);
  const problems = built.ok ? [] : built.problems.map((p) => ({ path: p.path, message: p.message }));
  return [...problems, ...editProblems(definition)];
}

/**
 * Stores the draft definition (problems and all) and keeps the workflow's name in step with it.
 * `baseRevision` is the revision the editor's draft started from: a stale one is refused (conflict).
 */
export async function saveDefinition(workflowId: unknown, definition: unknown, baseRevision: unknown): Promise<SaveDefinitionResult> {
  const user = await requireUser();
  const draft = parseDraft(workflowId, definition);
  if ("error" in draft) return draft;
  const base = revisionField.safeParse(baseRevision);
  if (!base.success) return { error: "Not saved: the editor sent no valid base revision; reload the page." };
  try {
    const saved = await saveWorkflowDefinition({ userId: user.id }, draft.id, draft.definition, base.data);
    if (!saved.ok) return saveFailure(saved);
    await auditAction(user.id, { action: "workflow.edit", objectId: draft.id, objectLabel: draft.definition.name });
    revalidatePath("/workflows");
    return { ok: true, revision: saved.revision };
  } catch (error) {
    unstable_rethrow(error);
    logUnexpected("saveDefinition", error);
    return { error: "Something went wrong on our side; your edits are kept here and will be saved again." };
  }
}
