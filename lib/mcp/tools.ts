/**
 * Workflows offered as MCP tools (issue 17): the owner marks a workflow (Settings → MCP) and gives
 * it a description for the model; its tool name comes from its name and id, its input schema is
 * the workflow's `inputs` schema.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { workflows } from "@/lib/db/schema";
import type { DbOrTx } from "@/lib/db/types";
import { allowedIn, type Actor } from "@/lib/workspaces/access";
import { isStorableText } from "@/lib/http/json";
import { toolInputSchema, toolNameOf } from "@/lib/engine/llm/workflow-tool";

export type ToolWorkflow = { id: string; name: string; toolName: string; description: string | null; inputSchema: Record<string, unknown> };

export const mcpDescriptionField = z.string().trim().max(1_000, "at most 1,000 characters").refine(isStorableText, "contains a character that can't be stored (NUL or a lone surrogate)");

/** The tools of the workspace the actor can run workflows in (an API key's). */
export async function toolWorkflows(db: DbOrTx, actor: Actor, workspaceId: string): Promise<ToolWorkflow[]> {
  const rows = await db
    .select({ id: workflows.id, name: workflows.name, description: workflows.mcpDescription, inputs: sql<unknown>`${workflows.definition} -> 'inputs'` })
    .from(workflows)
    .where(and(eq(workflows.workspaceId, workspaceId), allowedIn(actor, workflows.workspaceId, "run"), eq(workflows.mcpTool, true)))
    .orderBy(asc(workflows.name), asc(workflows.id));
  return rows.map((row) => ({ id: row.id, name: row.name, toolName: toolNameOf(row.name, row.id), description: row.description, inputSchema: toolInputSchema(row.inputs) }));
}

/** Offers the workflow as a tool, or stops (editors); false when the actor can't edit such a workflow. */
export async function setMcpTool(db: DbOrTx, actor: Actor, workflowId: string, tool: { enabled: boolean; description: string | null }): Promise<boolean> {
  const rows = await db
    .update(workflows)
    .set({ mcpTool: tool.enabled, mcpDescription: tool.description || null })
    .where(and(eq(workflows.id, workflowId), allowedIn(actor, workflows.workspaceId, "edit")))
    .returning({ id: workflows.id });
  return rows.length > 0;
}

/** Every workflow of the workspace with its tool settings (the Settings → MCP page). */
export async function toolSettingsOf(db: DbOrTx, actor: Actor, workspaceId: string): Promise<{ id: string; name: string; toolName: string; enabled: boolean; description: string }[]> {
  const rows = await db
    .select({ id: workflows.id, name: workflows.name, enabled: workflows.mcpTool, description: workflows.mcpDescription })
    .from(workflows)
    .where(and(eq(workflows.workspaceId, workspaceId), allowedIn(actor, workflows.workspaceId, "view")))
    .orderBy(asc(workflows.name), asc(workflows.id));
  return rows.map((row) => ({ ...row, toolName: toolNameOf(row.name, row.id), description: row.description ?? "" }));
}

