/**
 * What approvals need from the run service, handed in by the app (app/approve/[token]/decide,
 * app/(app)/runs/[id]/approval-actions.ts): answering a run's waitpoint once the caller's access
 * is settled (a link's token, or a member's role checked here).
 * lib/approvals never imports lib/runs' service, and lib/runs never imports lib/approvals.
 */
import type { Db } from "@/lib/db/types";

export type ResumeWaitpoint = (db: Db, runId: string, target: { waitpointId: string }, input: unknown, decidedBy: string) => Promise<unknown>;
