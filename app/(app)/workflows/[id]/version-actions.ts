"use server";
/**
 * The editor's version history: list a workflow's versions, read one, save a checkpoint.
 * Owner-scoped: someone else's workflow answers like a missing one.
 */
import { unstable_rethrow } from "next/navigation";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { auditAction } from "@/lib/audit/context";
import { requireUser } from "@/lib/auth/session";
import { logUnexpected } from "@/lib/db/faults";
import { WORKFLOW_GONE as GONE, firstIssue, parseDraft, revisionField, savedDefinitionSchema } from "@/lib/workflows/definition-schema";
import type { WorkflowDefinition } from "@/lib/workflows/definition-types";
import { workflowIdField } from "@/lib/workflows/names";
import { saveFailure, type SaveFailure } from "@/lib/workflows/save-result";
import { getWorkflowVersion, listWorkflowVersions, saveWorkflowVersion } from "@/lib/workflows/version-history";

export type VersionRow = { id: string; version: number; createdAt: string; runCount: number };
export type VersionDefinition = { version: number; definition: WorkflowDefinition };

const versionIdField = z.string().regex(/^ver_[A-Za-z0-9_-]{1,80}$/);

/** The workflow's versions, newest first. */
export async function listVersionsAction(workflowId: unknown): Promise<VersionRow[] | { error: string }> {
  const user = await requireUser();
  const id = workflowIdField.safeParse(workflowId);
  if (!id.success) return { error: GONE };
  const rows = await listWorkflowVersions({ userId: user.id }, id.data);
  if (!rows) return { error: GONE };
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}

/** One version's definition, for the read-only preview and restore. */
export async function versionDefinitionAction(workflowId: unknown, versionId: unknown): Promise<VersionDefinition | { error: string }> {
  const user = await requireUser();
  const id = workflowIdField.safeParse(workflowId);
  const version = versionIdField.safeParse(versionId);
  if (!id.success || !version.success) return { error: "No such version" };
  const row = await getWorkflowVersion({ userId: user.id }, id.data, version.data);
  if (!row) return { error: "No such version" };
  const parsed = savedDefinitionSchema.safeParse(row.definition);
  if (!parsed.success) return { error: `Version ${row.version} can't be opened in the editor: ${firstIssue(parsed.error)}` };
  return { version: row.version, definition: parsed.data as WorkflowDefinition };
}

/** Saves the definition as the draft (based on `baseRevision`, like autosave) and as a version (the latest one when nothing changed). */
export async function saveVersionAction(
  workflowId: unknown,
  definition: unknown,
  baseRevision: unknown,
): Promise<{ ok: true; version: number; created: boolean; revision: number } | SaveFailure> {
  const user = await requireUser();
  const draft = parseDraft(workflowId, definition);
  if ("error" in draft) return draft;
  const base = revisionField.safeParse(baseRevision);
  if (!base.success) return { error: "Not saved: the editor sent no valid base revision; reload the page." };
  try {
    const saved = await saveWorkflowVersion({ userId: user.id }, draft.id, draft.definition, base.data);
    if (!saved.ok) return saveFailure(saved);
    if (saved.created) await auditAction(user.id, { action: "workflow.version", objectId: draft.id, objectLabel: draft.definition.name, detail: { version: saved.version } });
    revalidatePath("/workflows");
    return { ok: true, version: saved.version, created: saved.created, revision: saved.revision };
  } catch (error) {
    unstable_rethrow(error);
    logUnexpected("saveVersionAction", error);
    return { error: "Something went wrong on our side; the version was not saved." };
  }
}
