/**
 * A run waiting for a sub-workflow waits, in the end, for the people its child (or grandchild) waits
 * for: the parent's run panel lists those approvals and inputs, and the owner decides them there.
 * Read from the waitpoints table: a `workflow` waitpoint names its child run in `details.childRunId`.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { runs, waitpoints } from "@/lib/db/schema";
import type { Db } from "@/lib/db/types";
import { allowedIn, type Actor } from "@/lib/workspaces/access";

/** Calls nest at most this deep (spec 4.1's depth limit): the walk down stops there too. */
const MAX_DEPTH = 10;

export interface ChildWait {
  /** The top run's own `workflow` waitpoint this wait is under. */
  via: string;
  /** The run that waits (a child, or a child's child). */
  runId: string;
  waitpointId: string;
  nodeId: string;
  kind: "approval" | "human_input";
}

/** The open approvals and inputs of the runs `runId` waits for, however deep; only runs the actor can see. */
export async function childWaits(db: Db, actor: Actor, runId: string): Promise<ChildWait[]> {
  // run id -> the top run's waitpoint it descends from
  const via = new Map<string, string>();
  let frontier = [runId];
  for (let depth = 0; depth < MAX_DEPTH && frontier.length > 0; depth += 1) {
    const calls = await db
      .select({ id: waitpoints.id, runId: waitpoints.runId, childRunId: sql<string | null>`${waitpoints.details}->>'childRunId'` })
      .from(waitpoints)
      .innerJoin(runs, eq(runs.id, waitpoints.runId))
      .where(and(inArray(waitpoints.runId, frontier), eq(waitpoints.kind, "workflow"), eq(waitpoints.status, "open"), allowedIn(actor, runs.workspaceId, "view")));
    frontier = [];
    for (const call of calls) {
      if (!call.childRunId || via.has(call.childRunId)) continue;
      via.set(call.childRunId, depth === 0 ? call.id : via.get(call.runId)!);
      frontier.push(call.childRunId);
    }
  }
  if (via.size === 0) return [];
  const open = await db
    .select({ id: waitpoints.id, runId: waitpoints.runId, nodeId: waitpoints.nodeId, kind: waitpoints.kind })
    .from(waitpoints)
    .innerJoin(runs, eq(runs.id, waitpoints.runId))
    .where(and(inArray(waitpoints.runId, [...via.keys()]), inArray(waitpoints.kind, ["approval", "human_input"]), eq(waitpoints.status, "open"), allowedIn(actor, runs.workspaceId, "view")));
  return open.map((w) => ({ via: via.get(w.runId)!, runId: w.runId, waitpointId: w.id, nodeId: w.nodeId, kind: w.kind as ChildWait["kind"] }));
}
