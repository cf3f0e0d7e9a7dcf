"use server";
// Server actions for the app's run controls (the canvas Run button, the webhook URL panel).
import { z } from "zod";
import { auditAction } from "@/lib/audit/context";
import { requireUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { RunServiceError } from "./errors";
import { startWorkflowRun } from "./service";
import { ensureWebhookSecret } from "./webhooks";
import { describeError } from "./log";

const startSchema = z.object({ workflowId: z.string().min(1).max(200), inputs: z.record(z.string(), z.unknown()).default({}) });

/** Starts a run of the signed-in user's workflow; someone else's id answers like an unknown one. */
export async function startRunAction(workflowId: unknown, inputs?: unknown): Promise<{ runId: string } | { error: string; issues?: { path: string; message: string }[] }> {
  const user = await requireUser();
  const parsed = startSchema.safeParse({ workflowId, inputs: inputs ?? {} });
  if (!parsed.success) return { error: `${parsed.error.issues[0]?.path.join(".") || "input"}: ${parsed.error.issues[0]?.message}` };
  try {
    const { db } = await getDb();
    const started = await startWorkflowRun(db, { userId: user.id }, parsed.data.workflowId, parsed.data.inputs, "manual");
    await auditAction(user.id, { action: "run.start", objectId: started.run.id, detail: { workflowId: parsed.data.workflowId } });
    return { runId: started.run.id };
  } catch (error) {
    if (error instanceof RunServiceError) return { error: error.message, ...(error.problems.length ? { issues: error.problems } : {}) };
    console.error("[runs] startRunAction failed:", describeError(error));
    return { error: "Something went wrong on our side; the run did not start." };
  }
}

const fromNodeSchema = z.object({ workflowId: z.string().min(1).max(200), nodeId: z.string().min(1).max(64), runId: z.string().regex(/^run_[A-Za-z0-9_-]{1,80}$/).optional() });

/** Run from here: the workflow's current definition from `nodeId` on, the nodes before it reusing `runId`'s outputs (else its latest run's). */
export async function runFromNodeAction(workflowId: unknown, nodeId: unknown, runId?: unknown): Promise<{ runId: string } | { error: string }> {
  const user = await requireUser();
  const parsed = fromNodeSchema.safeParse({ workflowId, nodeId, runId: runId ?? undefined });
  if (!parsed.success) return { error: `${parsed.error.issues[0]?.path.join(".") || "input"}: ${parsed.error.issues[0]?.message}` };
  try {
    const { db } = await getDb();
    const { runFromNode } = await import("./rerun");
    const started = await runFromNode(db, { userId: user.id }, parsed.data.workflowId, parsed.data.nodeId, { runId: parsed.data.runId });
    await auditAction(user.id, { action: "run.start", objectId: started.run.id, detail: { workflowId: parsed.data.workflowId, fromNode: parsed.data.nodeId } });
    return { runId: started.run.id };
  } catch (error) {
    if (error instanceof RunServiceError) return { error: error.message };
    console.error("[runs] runFromNodeAction failed:", describeError(error));
    return { error: "Something went wrong on our side; the run did not start." };
  }
}

const testSchema = z.object({ workflowId: z.string().min(1).max(200), nodeId: z.string().min(1).max(64) });

/** Test this node: runs one node of the saved workflow with the latest run's outputs before it (lib/runs/test-node.ts). */
export async function testNodeAction(workflowId: unknown, nodeId: unknown): Promise<{ result: import("./test-node").NodeTestResult } | { error: string }> {
  const user = await requireUser();
  const parsed = testSchema.safeParse({ workflowId, nodeId });
  if (!parsed.success) return { error: `${parsed.error.issues[0]?.path.join(".") || "input"}: ${parsed.error.issues[0]?.message}` };
  try {
    const { db } = await getDb();
    const { testNode } = await import("./test-node");
    return { result: await testNode(db, { userId: user.id }, parsed.data.workflowId, parsed.data.nodeId) };
  } catch (error) {
    if (error instanceof RunServiceError) return { error: error.message };
    console.error("[runs] testNodeAction failed:", describeError(error));
    return { error: "Something went wrong on our side; the node was not tested." };
  }
}

/** The workflow's webhook path (its secret is created on first call); editors only. */
export async function webhookUrlAction(workflowId: unknown): Promise<{ path: string } | { error: string }> {
  const user = await requireUser();
  if (typeof workflowId !== "string" || workflowId === "") return { error: "workflowId: required" };
  const { db } = await getDb();
  const secret = await ensureWebhookSecret(db, { userId: user.id }, workflowId);
  if (!secret) return { error: "No such workflow" };
  return { path: `/api/hooks/${encodeURIComponent(workflowId)}/${secret}` };
}
