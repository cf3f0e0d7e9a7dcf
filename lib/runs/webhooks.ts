// Webhook triggers: POST /api/hooks/<workflowId>/<secret>. The secret is created on demand for
// the owner; a wrong secret is indistinguishable from an unknown workflow.
import { randomBytes, timingSafeEqual } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { workflows } from "@/lib/db/schema";
import type { Db } from "@/lib/db/types";

/** The workflow's webhook secret (created now when it has none); null when the user has no such workflow. */
export async function ensureWebhookSecret(db: Db, userId: string, workflowId: string): Promise<string | null> {
  await db
    .update(workflows)
    .set({ webhookSecret: randomBytes(24).toString("base64url") })
    .where(and(eq(workflows.id, workflowId), eq(workflows.ownerId, userId), isNull(workflows.webhookSecret)));
  const [row] = await db.select({ secret: workflows.webhookSecret }).from(workflows).where(and(eq(workflows.id, workflowId), eq(workflows.ownerId, userId)));
  return row?.secret ?? null;
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
  const nodes = (definition as { nodes?: unknown })?.nodes;
  if (!Array.isArray(nodes)) return null;
  const hit = nodes.find((n: { type?: unknown; parentId?: unknown }) => n?.type === "webhook" && !n.parentId) as { id?: string } | undefined;
  return hit?.id ?? null;
}

const HIDDEN_HEADERS = new Set(["cookie", "authorization", "proxy-authorization"]);

/** What the webhook node outputs: { body, headers, query } (credentials headers left out). */
export function webhookPayload(request: Request, text: string): { body: unknown; headers: Record<string, string>; query: Record<string, string> } {
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
