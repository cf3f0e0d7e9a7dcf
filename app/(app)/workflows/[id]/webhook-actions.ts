"use server";
/**
 * The webhook node panel: its URL (the secret is created on first use), a new secret, and
 * "Listen for a test event". Owner only: someone else's workflow id answers like an unknown one.
 */
import { z } from "zod";
import { auditAction } from "@/lib/audit/context";
import { validatedActionWithUser, type ActionState } from "@/lib/auth/action";
import { getDb } from "@/lib/db/client";
import { listenState, startListening, stopListening, type ListenState } from "@/lib/runs/webhook-listen";
import { ensureWebhookSecret, regenerateWebhookSecret } from "@/lib/runs/webhooks";
import { workflowIdField } from "@/lib/workflows/names";

const GONE = "No such workflow";

const hookPath = (workflowId: string, secret: string) => `/api/hooks/${encodeURIComponent(workflowId)}/${secret}`;

export type WebhookPanelData = { path: string; listen: ListenState };

const panelSchema = z.object({ workflowId: workflowIdField });

/** The URL and the listen state (the panel polls this while listening). */
export const webhookPanelAction = validatedActionWithUser(panelSchema, async ({ workflowId }, user): Promise<ActionState<WebhookPanelData>> => {
  const { db } = await getDb();
  const secret = await ensureWebhookSecret(db, { userId: user.id }, workflowId);
  const listen = secret ? await listenState(db, { userId: user.id }, workflowId) : null;
  if (!secret || !listen) return { error: GONE };
  return { ok: true, data: { path: hookPath(workflowId, secret), listen } };
});

/** A new secret; the old URL answers 404 from now on. */
export const regenerateWebhookAction = validatedActionWithUser(panelSchema, async ({ workflowId }, user): Promise<ActionState<{ path: string }>> => {
  const { db } = await getDb();
  const secret = await regenerateWebhookSecret(db, { userId: user.id }, workflowId);
  if (!secret) return { error: GONE };
  await auditAction(user.id, { action: "workflow.webhook_reset", objectId: workflowId });
  return { ok: true, message: "New URL made; the old one no longer works.", data: { path: hookPath(workflowId, secret) } };
});

const listenSchema = z.object({ workflowId: workflowIdField, listen: z.enum(["start", "stop"]) });

/** Starts (for a few minutes) or stops listening for the next request as a test event. */
export const listenWebhookAction = validatedActionWithUser(listenSchema, async ({ workflowId, listen }, user): Promise<ActionState<ListenState>> => {
  const { db } = await getDb();
  const done = listen === "start" ? await startListening(db, { userId: user.id }, workflowId) : await stopListening(db, { userId: user.id }, workflowId);
  const state = done ? await listenState(db, { userId: user.id }, workflowId) : null;
  if (!state) return { error: GONE };
  return { ok: true, data: state };
});
