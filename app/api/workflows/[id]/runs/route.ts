// POST /api/workflows/:id/runs { inputs } starts a run (session or API key). 202 with the run's
// URL; with ?wait=true, the run result once the run ends or pauses, or 202 after a bound (30 s).
import { startRunSchema } from "@/lib/api/schemas";
import { auditRequest } from "@/lib/audit/context";
import { asCaller } from "@/lib/http/caller";
import { isStorableText, jsonError, jsonResponse, readJsonBody } from "@/lib/http/json";
import { workflowNotFound } from "@/lib/runs/errors";
import { getRunResult, startWorkflowRun } from "@/lib/runs/service";

type Context = { params: Promise<{ id: string }> };

const waitBoundMs = () => Number(process.env.FLOWMAESTRO_API_WAIT_MS || 30_000);

export async function POST(request: Request, { params }: Context) {
  return asCaller(request, async (caller, db) => {
    const { id } = await params;
    if (!isStorableText(id)) throw workflowNotFound();
    const wait = new URL(request.url).searchParams.get("wait");
    if (wait !== null && wait !== "true" && wait !== "false") return jsonError(400, 'wait: use "true" or "false"');
    const body = await readJsonBody(request, startRunSchema, { optional: true });
    if (!body.ok) return body.response;
    const started = await startWorkflowRun(db, caller, id, body.data.inputs, caller.via === "api-key" ? "api" : "manual");
    const runId = started.run.id;
    // Written while the run runs (another connection on PostgreSQL); every answer waits for it.
    // It never throws: a failed audit write is logged (lib/audit).
    const audited = auditRequest(db, caller, request, { action: "run.start", objectId: runId, detail: { workflowId: id } });
    const accepted = async () => {
      await audited;
      return jsonResponse({ runId, status: "running", url: `/api/runs/${runId}` }, { status: 202, headers: { location: `/api/runs/${runId}` } });
    };
    if (wait !== "true") return accepted();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const bound = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), waitBoundMs())));
    const ended = await Promise.race([started.done.then((result) => ({ result })), bound]);
    clearTimeout(timer);
    await audited;
    if (!ended) return accepted();
    // Ended here: the result this process just stored. Paused, or ended elsewhere: read it.
    const result = ended.result ?? (await getRunResult(db, caller, runId)).result;
    return jsonResponse(result, { status: 200 });
  });
}
