// POST /api/runs/:id/rerun { fromFailed?: boolean }: a new run with the same inputs (and version);
// fromFailed reuses the outputs of the nodes that completed in the failed run.
import { rerunSchema } from "@/lib/api/schemas";
import { auditRequest } from "@/lib/audit/context";
import { asCaller } from "@/lib/http/caller";
import { readJsonBody } from "@/lib/http/json";
import { looksLikeRunId } from "@/lib/runs/http";
import { runNotFound } from "@/lib/runs/errors";
import { rerunById } from "@/lib/runs/rerun";

type Context = { params: Promise<{ id: string }> };

export async function POST(request: Request, { params }: Context) {
  return asCaller(request, async (caller, db) => {
    const { id } = await params;
    if (!looksLikeRunId(id)) throw runNotFound();
    const body = await readJsonBody(request, rerunSchema, { optional: true });
    if (!body.ok) return body.response;
    const started = await rerunById(db, caller, id, { fromFailed: body.data.fromFailed });
    const runId = started.run.id;
    await auditRequest(db, caller, request, { action: "run.start", objectId: runId, detail: { workflowId: started.run.workflowId, rerunOf: id, fromFailed: body.data.fromFailed } });
    return Response.json({ runId, status: "running", url: `/api/runs/${runId}` }, { status: 202, headers: { location: `/api/runs/${runId}` } });
  });
}
