// GET /api/runs/:id: the run result (spec section 6), masked; 404 for unknown or others' runs.
import { asCaller } from "@/lib/http/caller";
import { jsonResponse } from "@/lib/http/json";
import { looksLikeRunId, runSeqHeaders } from "@/lib/runs/http";
import { runNotFound } from "@/lib/runs/errors";
import { getRunResult } from "@/lib/runs/service";

type Context = { params: Promise<{ id: string }> };

export async function GET(request: Request, { params }: Context) {
  return asCaller(request, async (caller, db) => {
    const { id } = await params;
    if (!looksLikeRunId(id)) throw runNotFound();
    const { run, result, seq } = await getRunResult(db, caller, id);
    return jsonResponse(result ?? { runId: run.id, status: run.status, outputs: {}, nodes: {}, startedAt: run.startedAt.toISOString(), durationMs: 0 }, { headers: runSeqHeaders(seq) });
  });
}
