"use server";
/** The run page's Re-run and Retry from failed buttons (the same service as POST /api/runs/:id/rerun). */
import { z } from "zod";
import { auditAction } from "@/lib/audit/context";
import { validatedActionWithUser, type ActionState } from "@/lib/auth/action";
import { getDb } from "@/lib/db/client";
import { RunServiceError } from "@/lib/runs/errors";
import { rerunById } from "@/lib/runs/rerun";

const rerunSchema = z.object({
  runId: z.string().regex(/^run_[A-Za-z0-9_-]{1,80}$/, "Not a run id"),
  fromFailed: z.enum(["true", "false"]).default("false"),
});

/** A new run with the same inputs and version; fromFailed reuses the outputs of the nodes that completed. */
export const rerunAction = validatedActionWithUser(rerunSchema, async ({ runId, fromFailed }, user): Promise<ActionState<{ runId: string }>> => {
  const { db } = await getDb();
  try {
    const started = await rerunById(db, { userId: user.id }, runId, { fromFailed: fromFailed === "true" });
    await auditAction(user.id, { action: "run.start", objectId: started.run.id, detail: { workflowId: started.run.workflowId, rerunOf: runId, fromFailed: fromFailed === "true" } });
    return { ok: true, data: { runId: started.run.id } };
  } catch (error) {
    // Someone else's run reads as an unknown one (the service's 404), a running one as a conflict.
    if (error instanceof RunServiceError) return { error: error.message };
    throw error;
  }
});
