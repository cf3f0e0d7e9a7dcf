// Webhook triggers: POST /api/hooks/<workflowId>/<secret>. The secret is created on demand for
// the workflow's editors; a wrong secret is indistinguishable from an unknown workflow.
import { randomBytes, timingSafeEqual } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { workflows } from "@/lib/db/schema";
import { webhookResponseSchema } from "@/lib/engine/handlers/webhook";
import { resolveValue } from "@/lib/engine/templates/compile";
import type { Db } from "@/lib/db/types";
import { allowedIn, type Actor } from "@/lib/workspaces/access";

/** The workflow's webhook secret (created now when it has none); null when the actor can't edit such a workflow. */
export async function ensureWebhookSecret(db: Db, actor: Actor, workflowId: string): Promise<string | null> {
  // The URL starts runs for anyone who holds it: editors and above see it.
  const owned = and(eq(workflows.id, workflowId), allowedIn(actor, workflows.workspaceId, "edit"));
  const read = async () => (await db.select({ secret: workflows.webhookSecret }).from(workflows).where(owned))[0];
  // A read first: the panel asks every second while listening, and the secret exists after the first time.
  const found = await read();
  if (!found || found.secret) return found?.secret ?? null;
  // Two first calls at once: only one write lands (isNull), both read that secret.
  await db.update(workflows).set({ webhookSecret: randomBytes(24).toString("base64url") }).where(and(owned, isNull(workflows.webhookSecret)));
  return (await read())?.secret ?? null;
}

/** A new webhook secret: the old URL answers 404 from now on. Null when the actor can't edit such a workflow. */
export async function regenerateWebhookSecret(db: Db, actor: Actor, workflowId: string): Promise<string | null> {
  const secret = randomBytes(24).toString("base64url");
  const rows = await db
    .update(workflows)
    .set({ webhookSecret: secret })
    .where(and(eq(workflows.id, workflowId), allowedIn(actor, workflows.workspaceId, "edit")))
    .returning({ id: workflows.id });
  return rows.length > 0 ? secret : null;
}

/** The workflow a webhook URL points at, when the secret matches. */
export async function workflowForWebhook(db: Db, workflowId: string, secret: string): Promise<{ id: string; ownerId: string; definition: unknown } | null> {
  const [row] = await db
    .select({ id: workflows.id, ownerId: workflows.ownerId, definition: workflows.definition, secret: workflows.webhookSecret })
    .from(workflows)
    .where(eq(workflows.id, workflowId));
  if (!row?.secret) return null;
  const a = Buffer.from(row.secret);
  const b = Buffer.from(secret);
  if (a.length !== b.length || !timingSafeEqual(a, b)) return null;
  return row;
}

/** The first top-level webhook entry node of a definition. */
export function webhookNodeOf(definition: unknown): string | null {
  return webhookEntry(definition)?.id ?? null;
}

function webhookEntry(definition: unknown): { id?: string; config?: unknown } | undefined {
  const nodes = (definition as { nodes?: unknown })?.nodes;
  if (!Array.isArray(nodes)) return undefined;
  return nodes.find((n: { type?: unknown; parentId?: unknown }) => n?.type === "webhook" && !n.parentId);
}

const configResponse = z.object({ response: webhookResponseSchema.optional() });

/**
 * The answer to a webhook call that started run `runId`: the node's `response` setting (status,
 * body with {{run.id}} and {{request.…}} resolved), or 202 { runId, status } by default. A setting
 * the build would refuse never gets here (such a workflow can't run), so a bad one falls back.
 */
export function webhookAnswer(definition: unknown, runId: string, payload: WebhookPayload): Response {
  const parsed = configResponse.safeParse(webhookEntry(definition)?.config ?? {});
  const response = parsed.success ? parsed.data.response : undefined;
  const status = response?.status ?? 202;
  if (response?.body === undefined) return Response.json({ runId, status: "running" }, { status });
  if (status === 204) return new Response(null, { status });
  const body = resolveValue(response.body, { run: { id: runId, status: "running" }, request: payload });
  if (typeof body === "string") return new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8" } });
  return Response.json(body ?? null, { status });
}

const HIDDEN_HEADERS = new Set(["cookie", "authorization", "proxy-authorization"]);

export type WebhookPayload = { body: unknown; headers: Record<string, string>; query: Record<string, string> };

/** What the webhook node outputs: { body, headers, query } (credentials headers left out). */
export function webhookPayload(request: Request, text: string): WebhookPayload {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, key) => {
    if (!HIDDEN_HEADERS.has(key)) headers[key] = value;
  });
  let body: unknown = text === "" ? null : text;
  if ((request.headers.get("content-type") ?? "").includes("json") && text !== "") {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return { body, headers, query: Object.fromEntries(new URL(request.url).searchParams) };
}
