// Shared by the approval tests: workflows that pause on approval/human_input, runs started
// through the run service, and the links as mailed (the outbox holds the only copy of a token).
import { and, eq } from "drizzle-orm";
import { outbox, runEvents, waitpoints } from "../../lib/db/schema";
import type { Db } from "../../lib/db/types";
import { startWorkflowRun } from "../../lib/runs/service";
import { createUser, createWorkflowRow, edge, node, workflow } from "../runs/helpers";

export const SAME = { origin: "http://app.test", host: "app.test" };

export function approvalFlow(config: Record<string, unknown>) {
  return workflow(
    "approve",
    [
      node("t", "trigger"),
      node("ok", "approval", config),
      node("yes", "output", { name: "result", value: "{{ok}}" }),
      node("no", "output", { name: "rejected", value: "{{ok.decidedBy}}" }),
      node("late", "output", { name: "timedOut", value: "{{ok.error.code}}" }),
    ],
    [edge("t", "ok"), edge("ok", "yes", "approved"), edge("ok", "no", "rejected"), edge("ok", "late", "error")],
  );
}

export function inputFlow(expectedSchema: Record<string, unknown>) {
  return workflow(
    "ask",
    [node("t", "trigger"), node("ask", "human_input", { reason: "How many?", expectedSchema }), node("o", "output", { name: "answer", value: "{{ask.userInput}}" })],
    [edge("t", "ask"), edge("ask", "o")],
  );
}

/** Starts a run of `definition` for a new user and waits until it stops (paused). */
export async function pausedRun(db: Db, definition: { name: string }) {
  const userId = await createUser(db);
  const workflowId = await createWorkflowRow(db, userId, definition);
  const started = await startWorkflowRun(db, { userId }, workflowId, {}, "manual");
  await started.done;
  return { userId, workflowId, runId: started.run.id };
}

/** The tokens mailed for a run, by recipient. */
export async function mailedTokens(db: Db, runId: string): Promise<Map<string, string>> {
  const rows = await db.select().from(outbox).where(eq(outbox.runId, runId));
  return new Map(rows.map((r) => [r.to, /\/approve\/([A-Za-z0-9_-]{43})/.exec(r.text)![1]!]));
}

export async function openWaitpointOf(db: Db, runId: string) {
  const [wp] = await db.select().from(waitpoints).where(and(eq(waitpoints.runId, runId), eq(waitpoints.status, "open")));
  return wp;
}

/** How many times the node was resumed (node.completed events of that node). */
export async function completions(db: Db, runId: string, nodeId: string): Promise<number> {
  const rows = await db.select().from(runEvents).where(and(eq(runEvents.runId, runId), eq(runEvents.type, "node.completed")));
  return rows.filter((r) => (r.payload as { key?: { nodeId?: string } }).key?.nodeId === nodeId).length;
}
