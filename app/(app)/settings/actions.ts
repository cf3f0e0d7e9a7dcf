"use server";
// Settings: API keys (shown once) and secrets (values never shown back), per workspace. Every
// action asks who is signed in and what their role in the workspace allows (admins: keys and
// secrets; editors: MCP tool settings), and touches only that workspace's rows.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { apiKeyNameSchema, apiKeyRoleSchema, createApiKey, revokeApiKey } from "@/lib/auth/api-keys";
import { RunServiceError } from "@/lib/runs/errors";
import { actionWorkspace } from "@/lib/workspaces/current";
import type { ActionState } from "@/lib/auth/action";
import { auditAction } from "@/lib/audit/context";
import { requireUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { deleteSecret, setSecretSchema, setSecret, SHORT_SECRET_WARNING } from "@/lib/secrets/store";
import { mcpDescriptionField, setMcpTool } from "@/lib/mcp/tools";
import { workflowIdField } from "@/lib/workflows/names";

export type ApiKeyState = ActionState & { key?: string };

/** A refusal (no such workspace, a role without the right) as the form's message, not a thrown error. */
async function refusalAsState(body: () => Promise<ActionState>): Promise<ActionState> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof RunServiceError) return { error: error.message };
    throw error;
  }
}

const idSchema = z.object({ id: z.string().min(1, "missing id").max(200) });

function firstIssue(error: z.ZodError, values: Record<string, string>): ActionState {
  const issue = error.issues[0];
  const field = issue?.path.map(String).join(".") || "form";
  return { error: issue?.message ?? "Check the form", fieldErrors: { [field]: issue?.message ?? "invalid" }, values };
}

export async function createApiKeyAction(_state: ApiKeyState, formData: FormData): Promise<ApiKeyState> {
  const user = await requireUser();
  const name = String(formData.get("name") ?? "");
  const parsed = apiKeyNameSchema.safeParse(name);
  if (!parsed.success) return firstIssue(new z.ZodError(parsed.error.issues.map((i) => ({ ...i, path: ["name"] }))), { name });
  const role = apiKeyRoleSchema.safeParse(formData.get("role") ?? "editor");
  if (!role.success) return { error: "Choose what the key may do.", fieldErrors: { role: "choose a role" }, values: { name } };
  const { db } = await getDb();
  let created;
  try {
    const { workspace } = await actionWorkspace(formData.get("workspace"), "admin");
    created = await createApiKey(db, { userId: user.id }, workspace.id, parsed.data, role.data);
  } catch (error) {
    if (error instanceof RunServiceError) return { error: error.message, values: { name } };
    throw error;
  }
  const { key, apiKey } = created;
  await auditAction(user.id, { action: "api_key.create", objectId: apiKey.id, objectLabel: apiKey.name, detail: { role: apiKey.role } });
  revalidatePath("/settings/api-keys");
  return { ok: true, message: `Created “${apiKey.name}”. Copy the key now: it is not shown again.`, key };
}

export async function revokeApiKeyAction(state: ActionState, formData: FormData): Promise<ActionState> {
  return refusalAsState(() => revokeApiKeyActionBody(state, formData));
}

async function revokeApiKeyActionBody(_state: ActionState, formData: FormData): Promise<ActionState> {
  const user = await requireUser();
  const parsed = idSchema.safeParse({ id: formData.get("id") });
  if (!parsed.success) return firstIssue(parsed.error, {});
  const { db } = await getDb();
  const { workspace } = await actionWorkspace(formData.get("workspace"), "admin");
  const revoked = await revokeApiKey(db, workspace.id, parsed.data.id);
  if (!revoked) return { error: "No such key (it may be revoked already)." };
  await auditAction(user.id, { action: "api_key.revoke", objectId: parsed.data.id, objectLabel: revoked.name });
  revalidatePath("/settings/api-keys");
  return { ok: true, message: "Key revoked." };
}

export async function setSecretAction(state: ActionState, formData: FormData): Promise<ActionState> {
  return refusalAsState(() => setSecretActionBody(state, formData));
}

async function setSecretActionBody(_state: ActionState, formData: FormData): Promise<ActionState> {
  const user = await requireUser();
  const values = { name: String(formData.get("name") ?? "") };
  const parsed = setSecretSchema.safeParse({ name: formData.get("name"), value: formData.get("value") });
  if (!parsed.success) return firstIssue(parsed.error, values);
  const { db } = await getDb();
  const { workspace } = await actionWorkspace(formData.get("workspace"), "admin");
  const saved = await setSecret(db, workspace.id, user.id, parsed.data.name, parsed.data.value);
  await auditAction(user.id, { action: "secret.set", objectId: saved.id, objectLabel: saved.name });
  revalidatePath("/settings/secrets");
  const message = `Saved ${saved.name}. Use it as {{env.${saved.name}}}.`;
  return { ok: true, message, ...(saved.tooShortToMask ? { warning: SHORT_SECRET_WARNING } : {}) };
}

export async function deleteSecretAction(state: ActionState, formData: FormData): Promise<ActionState> {
  return refusalAsState(() => deleteSecretActionBody(state, formData));
}

async function deleteSecretActionBody(_state: ActionState, formData: FormData): Promise<ActionState> {
  const user = await requireUser();
  const parsed = idSchema.safeParse({ id: formData.get("id") });
  if (!parsed.success) return firstIssue(parsed.error, {});
  const { db } = await getDb();
  const { workspace } = await actionWorkspace(formData.get("workspace"), "admin");
  const deleted = await deleteSecret(db, workspace.id, parsed.data.id);
  if (!deleted) return { error: "No such secret." };
  await auditAction(user.id, { action: "secret.delete", workspaceId: workspace.id, objectId: parsed.data.id, objectLabel: deleted.name });
  revalidatePath("/settings/secrets");
  return { ok: true, message: "Secret deleted." };
}

const mcpToolSchema = z.object({ workflowId: workflowIdField, enabled: z.enum(["on", "off"]).default("off"), description: mcpDescriptionField.default("") });

/** Offers a workflow as an MCP tool (with its description for the model), or stops. */
export async function setMcpToolAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  const user = await requireUser();
  const values = { description: String(formData.get("description") ?? "") };
  const parsed = mcpToolSchema.safeParse({ workflowId: formData.get("workflowId"), enabled: formData.get("enabled") ?? undefined, description: formData.get("description") ?? undefined });
  if (!parsed.success) return firstIssue(parsed.error, values);
  const { db } = await getDb();
  const enabled = parsed.data.enabled === "on";
  if (!(await setMcpTool(db, { userId: user.id }, parsed.data.workflowId, { enabled, description: parsed.data.description }))) return { error: "This workflow no longer exists." };
  await auditAction(user.id, { action: "workflow.tool", objectId: parsed.data.workflowId, detail: { enabled } });
  revalidatePath("/settings/mcp");
  return { ok: true, message: enabled ? "Offered as a tool." : "Not offered." };
}

