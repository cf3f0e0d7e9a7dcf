// POST /api/runs/:id/cancel: stops a running or paused run (in-flight nodes are aborted).
import { auditRequest } from "@/lib/audit/context";
import { asCaller } from "@/lib/http/caller";
import { looksLikeRunId } from "@/lib/runs/http";
import { runNotFound } from "@/lib/runs/errors";
import { cancelRunById } from "@/lib/runs/service";

type Context = { params: Promise<{ id: string }> };

export async function POST(request: Request, { params }: Context) {
  return asCaller(request, async (caller, db) => {
    const { id } = await params;
    if (!looksLikeRunId(id)) throw runNotFound();
    const { status } = await cancelRunById(db, caller, id);
    await auditRequest(db, caller, request, { action: "run.cancel", objectId: id });
    return Response.json({ runId: id, status }, { status: status === "cancelling" ? 202 : 200 });
  });
}
