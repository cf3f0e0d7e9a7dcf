/**
 * Pinned sample data (n8n's pinned data): per node of a workflow's draft, an output the owner chose.
 * "Test this node" (lib/runs/test-node.ts) hands it on in place of the node's output from the last
 * run, so a node can be tried before anything upstream ever ran. Pins belong to the workflow row,
 * not to its definition: saved versions and real runs never see them. A pin of a node that was
 * deleted is ignored (and dropped with the next pin written).
 */
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { workflows } from "@/lib/db/schema";
import type { DbOrTx } from "@/lib/db/types";
import { allowedIn, type Actor } from "@/lib/workspaces/access";
import { jsonValueIssues, MAX_JSON_DEPTH, tooDeepAt } from "@/lib/http/json";
import { NODE_ID_PATTERN } from "./node-ids";
import { workflowIdField } from "./names";

/** A pin's JSON text may be this long; a workflow keeps at most this many pins. */
export const PIN_MAX_BYTES = 256 * 1024;
export const PIN_MAX_COUNT = 50;

export type PinnedOutputs = Record<string, unknown>;

/** What the pin action takes: the value as JSON text (what the panel's editor holds); without it, unpins. */
export const pinSchema = z.object({
  workflowId: workflowIdField,
  nodeId: z.string().regex(NODE_ID_PATTERN, "not a node id"),
  json: z.string().max(PIN_MAX_BYTES, `sample data is limited to ${PIN_MAX_BYTES / 1024} KiB`).optional(),
});

/**
 * The JSON text as a value that can be stored, or why not: the parser's reason, or where the value
 * nests too deep or holds text PostgreSQL refuses (\u0000, lone surrogates), as request bodies are checked.
 */
export function parsePinText(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  if (text.trim() === "") return { ok: false, error: "Sample data is empty: write a JSON value, such as {} or []" };
  const deep = tooDeepAt(text);
  if (deep !== null) return { ok: false, error: `Sample data at ${deep || "the top"}: nested deeper than ${MAX_JSON_DEPTH} levels` };
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    return { ok: false, error: `Not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  const [issue] = jsonValueIssues(value, [], 1);
  return issue ? { ok: false, error: `Sample data at ${issue.path || "the top"}: ${issue.message}` } : { ok: true, value };
}

/** The workflow's pins; null when the actor can't see such a workflow. */
export async function pinnedOutputsOf(db: DbOrTx, actor: Actor, workflowId: string): Promise<PinnedOutputs | null> {
  const [row] = await db
    .select({ pins: workflows.pinnedOutputs })
    .from(workflows)
    .where(and(eq(workflows.id, workflowId), allowedIn(actor, workflows.workspaceId, "view")))
    .limit(1);
  return row ? row.pins : null;
}

/**
 * Pins `value` on the node (undefined unpins). Pins of nodes no longer in the draft are dropped on
 * the way. Null when the actor can't edit such a workflow; an error text when over the count.
 */
export async function setPinnedOutput(db: DbOrTx, actor: Actor, workflowId: string, nodeId: string, value: unknown): Promise<{ ok: true; pins: PinnedOutputs } | { ok: false; error: string } | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ pins: workflows.pinnedOutputs, definition: workflows.definition })
      .from(workflows)
      .where(and(eq(workflows.id, workflowId), allowedIn(actor, workflows.workspaceId, "edit")))
      .for("update");
    if (!row) return null;
    const present = new Set(((row.definition as { nodes?: { id?: unknown }[] }).nodes ?? []).map((n) => n.id));
    if (value !== undefined && !present.has(nodeId)) return { ok: false, error: `No node "${nodeId}" in the saved draft (wait until it is saved)` };
    const pins: PinnedOutputs = {};
    for (const [id, pinned] of Object.entries(row.pins)) if (present.has(id) && id !== nodeId) pins[id] = pinned;
    if (value !== undefined) pins[nodeId] = value;
    if (Object.keys(pins).length > PIN_MAX_COUNT) return { ok: false, error: `A workflow keeps at most ${PIN_MAX_COUNT} pins; unpin one first` };
    // Not a draft edit: the revision stays (an autosave in flight is not refused because of a pin).
    await tx.update(workflows).set({ pinnedOutputs: pins }).where(eq(workflows.id, workflowId));
    return { ok: true, pins };
  });
}
