/**
 * When a run opens a waitpoint: one link per approver (or one for the owner, for human_input and
 * for approvals naming nobody), mailed (lib/approvals/mail.ts: SMTP, and always the outbox).
 * Approvers who are members of the run's workspace (runners and above) decide in the app: their
 * mail points at their inbox, never at a signed-out link; a role ("role:admin") is not mailed, its
 * members find it in their inbox (./inbox.ts). Each still gets a token row, unrevealed, which
 * marks the waitpoint as handled.
 * Called by the run executor after each checkpoint that has open waitpoints; a waitpoint that
 * already has tokens is skipped, so this is idempotent across checkpoints and restarts.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Waitpoint as EngineWaitpoint } from "@/lib/engine";
import { runs, users, workflows, workspaceMembers, workspaces } from "@/lib/db/schema";
import { rolesThatCan } from "@/lib/workspaces/roles";
import type { DbOrTx } from "@/lib/db/types";
import { approvalMail } from "./mail-text";
import { queueMail } from "./mail";
import { approvalPath, publicOrigin } from "./public-url";
import { createApprovalToken, tokensOf } from "./tokens";

// Waitpoints this process has handled already: saves a query per checkpoint while a run waits.
const KEY = Symbol.for("flowmaestro.approvals.notified");
const g = globalThis as Record<symbol, Set<string> | undefined>;
const notified: Set<string> = (g[KEY] ??= new Set());

/** The run's open waitpoints (details masked by the run session: no secret in a page or a mail). */
export async function notifyOpenWaitpoints(db: DbOrTx, runId: string, open: readonly EngineWaitpoint[]): Promise<void> {
  // A `workflow` waitpoint waits for a child run, not for people: no links, no mail.
  const fresh = open.filter((wp) => wp.kind !== "workflow" && !notified.has(wp.id));
  for (const wp of fresh) {
    try {
      await notifyWaitpoint(db, runId, wp as EngineWaitpoint & { kind: "approval" | "human_input" });
      notified.add(wp.id);
    } catch (error) {
      console.error(`[approvals] links for waitpoint ${wp.id} failed:`, error instanceof Error ? error.message : error);
    }
  }
}

async function notifyWaitpoint(db: DbOrTx, runId: string, wp: EngineWaitpoint & { kind: "approval" | "human_input" }): Promise<void> {
  if ((await tokensOf(db, wp.id)).length > 0) return;
  const [run] = await db
    .select({ ownerId: runs.ownerId, workspaceId: runs.workspaceId, slug: workspaces.slug, ownerEmail: users.email, workflowName: workflows.name })
    .from(runs)
    .innerJoin(users, eq(users.id, runs.ownerId))
    .leftJoin(workspaces, eq(workspaces.id, runs.workspaceId))
    .leftJoin(workflows, eq(workflows.id, runs.workflowId))
    .where(eq(runs.id, runId));
  if (!run?.ownerId) return;
  const ownerId = run.ownerId;
  const approvers = wp.kind === "approval" && Array.isArray(wp.details.approvers) ? [...new Set(wp.details.approvers.filter((a): a is string => typeof a === "string").map((a) => a.trim()).filter(Boolean))] : [];
  const recipients: (string | null)[] = approvers.length > 0 ? approvers : [run.ownerEmail];
  const expiresAt = wp.expiresAt === null ? null : new Date(wp.expiresAt);
  const members = approvers.length > 0 && run.workspaceId ? await memberEmails(db, run.workspaceId) : new Set<string>();
  for (const to of recipients) {
    const role = to !== null && to.startsWith("role:");
    const token = await createApprovalToken(db, wp.id, approvers.length > 0 && !role ? to : null, expiresAt);
    if (!to || role) continue;
    const inApp = members.has(to.toLowerCase()) && run.slug;
    const mail = approvalMail({
      kind: wp.kind,
      workflowName: run.workflowName ?? "A workflow",
      message: String((wp.kind === "approval" ? wp.details.message : wp.details.reason) ?? ""),
      url: inApp ? `${publicOrigin()}/w/${run.slug}/inbox` : `${publicOrigin()}${approvalPath(token)}`,
      expiresAt,
    });
    await queueMail(db, { ownerId, workspaceId: run.workspaceId ?? undefined, runId, to, ...mail });
  }
}

/** The emails (lowercase) of the workspace's members who may approve. */
async function memberEmails(db: DbOrTx, workspaceId: string): Promise<Set<string>> {
  const rows = await db
    .select({ email: users.email })
    .from(workspaceMembers)
    .innerJoin(users, eq(users.id, workspaceMembers.userId))
    .where(and(eq(workspaceMembers.workspaceId, workspaceId), inArray(workspaceMembers.role, rolesThatCan("run"))));
  return new Set(rows.flatMap((r) => (r.email ? [r.email.toLowerCase()] : [])));
}
