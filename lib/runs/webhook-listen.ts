// "Listen for a test event": the owner arms a short-lived flag on the workflow; the next request to
// its webhook URL is stored on the workflow (body, headers, query) instead of starting a run. State
// lives in the database, so it works across processes and restarts; the panel polls it.
import { and, eq, gt } from "drizzle-orm";
import { workflows } from "@/lib/db/schema";
import type { Db } from "@/lib/db/types";
import { allowedIn, type Actor } from "@/lib/workspaces/access";
import type { WebhookPayload } from "./webhooks";

/** How long one "Listen" click waits for a request. */
export const LISTEN_MS = 5 * 60_000;

export type TestEvent = WebhookPayload & { receivedAt: string };
export type ListenState = { listening: boolean; listenUntil: string | null; event: TestEvent | null };

/** Listening is part of editing a workflow's trigger: editors and above. */
const editable = (actor: Actor, workflowId: string) => and(eq(workflows.id, workflowId), allowedIn(actor, workflows.workspaceId, "edit"));

/** Arms the listen flag and forgets the previous test event; false when the actor can't edit such a workflow. */
export async function startListening(db: Db, actor: Actor, workflowId: string, now = new Date()): Promise<boolean> {
  const rows = await db
    .update(workflows)
    .set({ webhookListenUntil: new Date(now.getTime() + LISTEN_MS), webhookTestEvent: null })
    .where(editable(actor, workflowId))
    .returning({ id: workflows.id });
  return rows.length > 0;
}

/** Disarms the flag (the captured event, if any, stays); false when the actor can't edit such a workflow. */
export async function stopListening(db: Db, actor: Actor, workflowId: string): Promise<boolean> {
  const rows = await db.update(workflows).set({ webhookListenUntil: null }).where(editable(actor, workflowId)).returning({ id: workflows.id });
  return rows.length > 0;
}

/** Whether the panel is still listening and what it caught; null when the actor can't edit such a workflow. */
export async function listenState(db: Db, actor: Actor, workflowId: string, now = new Date()): Promise<ListenState | null> {
  const [row] = await db
    .select({ until: workflows.webhookListenUntil, event: workflows.webhookTestEvent })
    .from(workflows)
    .where(editable(actor, workflowId));
  if (!row) return null;
  const listening = row.until !== null && row.until > now;
  return { listening, listenUntil: listening ? row.until!.toISOString() : null, event: (row.event as TestEvent | null) ?? null };
}

/**
 * Called by the webhook route: when the workflow is listening, stores the request as its test event
 * and disarms the flag in the same statement (two concurrent requests: one is captured, the other
 * runs). True when captured.
 */
export async function captureTestEvent(db: Db, workflowId: string, payload: WebhookPayload, now = new Date()): Promise<boolean> {
  const event: TestEvent = { ...payload, receivedAt: now.toISOString() };
  const rows = await db
    .update(workflows)
    .set({ webhookListenUntil: null, webhookTestEvent: event })
    .where(and(eq(workflows.id, workflowId), gt(workflows.webhookListenUntil, now)))
    .returning({ id: workflows.id });
  return rows.length > 0;
}
