// POST /api/runs/:id/resume { nodeId | waitpointId, input }: answers a waitpoint of a paused run
// (as the command line's resume). 202: the run continues; 409 when it was already answered.
import { resumeSchema } from "@/lib/api/schemas";
import { auditRequest } from "@/lib/audit/context";
import { asCaller } from "@/lib/http/caller";
import { looksLikeRunId } from "@/lib/runs/http";
import { runNotFound } from "@/lib/runs/errors";
import { readJsonBody } from "@/lib/http/json";
import { resumeRunById } from "@/lib/runs/service";

type Context = { params: Promise<{ id: string }> };

export async function POST(request: Request, { params }: Context) {
  return asCaller(request, async (caller, db) => {
    const { id } = await params;
    if (!looksLikeRunId(id)) throw runNotFound();
    const body = await readJsonBody(request, resumeSchema);
    if (!body.ok) return body.response;
    const { nodeId, waitpointId, input } = body.data;
    const target = waitpointId ? { waitpointId } : { nodeId: nodeId! };
    await resumeRunById(db, caller, id, target, input ?? {});
    await auditRequest(db, caller, request, { action: "run.answer", objectId: id, detail: target });
    return Response.json({ runId: id, status: "running", url: `/api/runs/${id}` }, { status: 202 });
  });
}
