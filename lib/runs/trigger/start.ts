/**
 * Starting a run on Trigger.dev (only when TRIGGER_SECRET_KEY is set). The run row, with runtime
 * "trigger.dev", is created by the run service first; this triggers execute-workflow for it,
 * records the Trigger.dev run id on the row and returns the handle's public access token (read
 * access to that one run, for @trigger.dev/react-hooks in the run panel). The task is referenced
 * with `import type` only: the app never bundles the task code.
 */
import { auth, tasks } from "@trigger.dev/sdk";
import { eq } from "drizzle-orm";
import { runs } from "../../db/schema";
import type { Db } from "../../db/types";
import type { executeWorkflow } from "../../../trigger/execute-workflow";
import { EXECUTE_WORKFLOW_TASK, type ExecuteWorkflowPayload } from "./contract";

/** Runs go to Trigger.dev when the app has a secret key for it. */
export const triggerEnabled = (env: Readonly<Record<string, string | undefined>> = process.env): boolean => Boolean(env.TRIGGER_SECRET_KEY?.trim());

/**
 * Where the browser reaches Trigger.dev's realtime API: TRIGGER_API_URL for a self-hosted
 * instance (the hooks default to the cloud otherwise, and the run panel could not connect).
 */
export function triggerApiUrl(env: Readonly<Record<string, string | undefined>> = process.env): string | null {
  const url = env.TRIGGER_API_URL?.trim();
  return url ? url.replace(/\/+$/, "") : null;
}

/**
 * TRIGGER_SECRET_KEY on an app without DATABASE_URL: the tasks write into the app's PostgreSQL and
 * can't reach an embedded PGlite, so every run would abort. Null when the combination is fine.
 */
export function triggerConfigProblem(env: Readonly<Record<string, string | undefined>> = process.env): string | null {
  if (!triggerEnabled(env) || env.DATABASE_URL?.trim()) return null;
  return "TRIGGER_SECRET_KEY is set but DATABASE_URL is not: runs on Trigger.dev need the app on PostgreSQL (the tasks write into the app's database and can't reach its embedded PGlite). Set DATABASE_URL, or unset TRIGGER_SECRET_KEY to run workflows embedded (docs/trigger-dev.md)";
}

/** How long a public token minted for the run panel stays valid. */
export const PUBLIC_TOKEN_TTL = "1h";

export interface StartedOnTrigger {
  triggerRunId: string;
  /** Read scope for this run only. */
  publicAccessToken: string;
}

export async function startOnTrigger(runId: string, options: { db?: Db; trigger?: ExecuteWorkflowPayload["trigger"] } = {}): Promise<StartedOnTrigger> {
  const db = options.db ?? (await import("../../db/client").then((m) => m.getDb())).db;
  const handle = await tasks.trigger<typeof executeWorkflow>(
    EXECUTE_WORKFLOW_TASK,
    { runId, ...(options.trigger ? { trigger: options.trigger } : {}) },
    // The same run is never started twice, even if the caller retries.
    { idempotencyKey: `flowmaestro:${runId}`, tags: [`fm_${runId}`.slice(0, 128)] },
  );
  await db.update(runs).set({ triggerRunId: handle.id, updatedAt: new Date() }).where(eq(runs.id, runId));
  return { triggerRunId: handle.id, publicAccessToken: handle.publicAccessToken };
}

/** A fresh read-scoped token for one Trigger.dev run (the handle's token expires). */
export function mintRunReadToken(triggerRunId: string): Promise<string> {
  return auth.createPublicToken({ scopes: { read: { runs: [triggerRunId] } }, expirationTime: PUBLIC_TOKEN_TTL });
}
