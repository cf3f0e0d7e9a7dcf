"use server";
// The run page's approval and sharing controls, by role (lib/workspaces/access.ts): a stranger's run reads as unknown.
// Here, in the app, the approvals module meets the run service (lib/approvals never imports it).
import { z } from "zod";
import { auditAction } from "@/lib/audit/context";
import { requireUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { RunServiceError } from "@/lib/runs/errors";
import { resumeRun } from "@/lib/runs/service";
import { childWaits, type ChildWait } from "@/lib/approvals/child-waits";
import { memberDecide, runLinks, type WaitpointLink } from "@/lib/approvals/owner";
import { disableSharing, enableSharing, setShareEmbeddable, shareState } from "@/lib/approvals/share";
import { sharePath } from "@/lib/approvals/public-url";

const runId = z.string().regex(/^run_[A-Za-z0-9_-]{1,80}$/, "not a run id");
const decideSchema = z.object({ runId, waitpointId: z.string().regex(/^wp_[A-Za-z0-9_-]{1,80}$/, "not a waitpoint id"), decision: z.enum(["approved", "rejected"]) });

type Failure = { error: string };

function failure(error: unknown): Failure {
  if (error instanceof RunServiceError) return { error: error.message };
  console.error("[approvals] action failed", error);
  return { error: "Something went wrong on our side." };
}

/** The run's approval links and share state, and what its sub-workflows wait for (with their links). */
export async function runShareStateAction(id: unknown): Promise<{ links: WaitpointLink[]; shared: boolean; embeddable: boolean; childWaits: ChildWait[] } | Failure> {
  const user = await requireUser();
  const parsed = runId.safeParse(id);
  if (!parsed.success) return { error: "No such run" };
  try {
    const { db } = await getDb();
    const links = await runLinks(db, { userId: user.id }, parsed.data);
    const waits = await childWaits(db, { userId: user.id }, parsed.data);
    for (const child of new Set(waits.map((w) => w.runId))) links.push(...(await runLinks(db, { userId: user.id }, child)));
    return { links, childWaits: waits, ...(await shareState(db, { userId: user.id }, parsed.data)) };
  } catch (error) {
    return failure(error);
  }
}

export async function decideApprovalAction(input: unknown): Promise<{ ok: true } | Failure> {
  const user = await requireUser();
  const parsed = decideSchema.safeParse(input);
  if (!parsed.success) return { error: `${parsed.error.issues[0]?.path.join(".")}: ${parsed.error.issues[0]?.message}` };
  try {
    const { db } = await getDb();
    await memberDecide(db, user, parsed.data.runId, parsed.data.waitpointId, parsed.data.decision, resumeRun);
    const { runId: run, waitpointId, decision } = parsed.data;
    await auditAction(user.id, { action: decision === "approved" ? "run.approve" : "run.reject", objectId: run, detail: { waitpointId } });
    return { ok: true };
  } catch (error) {
    return failure(error);
  }
}

/** On: a fresh link (any earlier one stops working). Off: the link is 404 from now on. */
export async function setSharingAction(id: unknown, on: unknown): Promise<{ path: string | null } | Failure> {
  const user = await requireUser();
  const parsed = runId.safeParse(id);
  if (!parsed.success || typeof on !== "boolean") return { error: "No such run" };
  try {
    const { db } = await getDb();
    if (!on) {
      await disableSharing(db, { userId: user.id }, parsed.data);
      await auditAction(user.id, { action: "run.unshare", objectId: parsed.data });
      return { path: null };
    }
    const path = sharePath(await enableSharing(db, { userId: user.id }, parsed.data));
    await auditAction(user.id, { action: "run.share", objectId: parsed.data });
    return { path };
  } catch (error) {
    return failure(error);
  }
}

/** On: other sites may show the share page in an iframe (at its /embed path). Shared runs only. */
export async function setShareEmbeddingAction(id: unknown, on: unknown): Promise<{ embeddable: boolean } | Failure> {
  const user = await requireUser();
  const parsed = runId.safeParse(id);
  if (!parsed.success || typeof on !== "boolean") return { error: "No such run" };
  try {
    const { db } = await getDb();
    await setShareEmbeddable(db, { userId: user.id }, parsed.data, on);
    await auditAction(user.id, { action: "run.share", objectId: parsed.data, detail: { embeddable: on } });
    return { embeddable: on };
  } catch (error) {
    return failure(error);
  }
}
