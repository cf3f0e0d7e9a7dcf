"use server";
// The mcp node's panel: the tools its server offers (lib/mcp/client-tools.ts), for editors of the workflow.
import { z } from "zod";
import { requireUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { NodeError } from "@/lib/engine/errors";
import { offeredTools, type OfferedTool } from "@/lib/mcp/client-tools";
import { RunServiceError } from "@/lib/runs/errors";
import { describeError } from "@/lib/runs/log";
import { workflowIdField } from "@/lib/workflows/names";

const schema = z.object({ workflowId: workflowIdField, nodeId: z.string().min(1).max(64) });

export async function mcpToolsAction(workflowId: unknown, nodeId: unknown): Promise<{ tools: OfferedTool[] } | { error: string }> {
  const user = await requireUser();
  const parsed = schema.safeParse({ workflowId, nodeId });
  if (!parsed.success) return { error: `${parsed.error.issues[0]?.path.join(".") || "input"}: ${parsed.error.issues[0]?.message}` };
  try {
    const { db } = await getDb();
    return { tools: await offeredTools(db, { userId: user.id }, parsed.data.workflowId, parsed.data.nodeId) };
  } catch (error) {
    if (error instanceof RunServiceError) return { error: error.message };
    // The server's own answer (401, unreachable, a private address refused): said as the node would.
    if (error instanceof NodeError) return { error: `${error.code}: ${error.message}` };
    console.error("[mcp] listing tools failed:", describeError(error));
    return { error: "Something went wrong on our side; try again." };
  }
}
