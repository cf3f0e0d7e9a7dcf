// POST /api/hooks/:workflowId/:secret: webhook trigger. The workflow's webhook node outputs the
// request { body, headers, query }; answers 202 with the run id at once. Wrong secret: 404.
import { getDb } from "@/lib/db/client";
import { jsonError, MAX_JSON_BYTES } from "@/lib/http/json";
import { RunServiceError } from "@/lib/runs/errors";
import { describeError } from "@/lib/runs/log";
import { startWorkflowRun } from "@/lib/runs/service";
import { webhookNodeOf, webhookPayload, workflowForWebhook } from "@/lib/runs/webhooks";

type Context = { params: Promise<{ workflowId: string; secret: string }> };

const notFound = () => jsonError(404, "No such webhook");

export async function POST(request: Request, { params }: Context) {
  try {
    const { workflowId, secret } = await params;
    if (Number(request.headers.get("content-length") ?? "0") > MAX_JSON_BYTES) return jsonError(413, `The request body is larger than ${MAX_JSON_BYTES} bytes`);
    const { db } = await getDb();
    const workflow = await workflowForWebhook(db, workflowId, secret);
    if (!workflow) return notFound();
    const nodeId = webhookNodeOf(workflow.definition);
    if (!nodeId) return jsonError(409, "This workflow has no webhook trigger node");
    const text = await request.text();
    if (Buffer.byteLength(text) > MAX_JSON_BYTES) return jsonError(413, `The request body is larger than ${MAX_JSON_BYTES} bytes`);
    const started = await startWorkflowRun(db, workflow.ownerId, workflow.id, webhookPayload(request, text), "webhook", { nodeId });
    return Response.json({ runId: started.run.id, status: "running" }, { status: 202 });
  } catch (error) {
    if (error instanceof RunServiceError) return Response.json(error.toJSON(), { status: error.status });
    console.error(`[hooks] unexpected error: ${describeError(error)}`);
    return jsonError(500, "Something went wrong on our side");
  }
}
