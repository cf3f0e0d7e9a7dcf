// POST /api/hooks/:workflowId/:secret: webhook trigger, public by design (the URL's secret is the
// credential; no cookie, no CSRF rule). The workflow's webhook node outputs the request
// { body, headers, query }; answers at once, 202 with the run id unless the node's `response`
// setting says otherwise. Wrong secret: 404. While the owner
// listens for a test event (the node panel), the request is stored for the panel instead: 200
// { test: true }, no run.
import { getDb } from "@/lib/db/client";
import { readBodyText } from "@/lib/http/body";
import { badRequest, isStorableText, jsonError, jsonValueIssues, MAX_JSON_DEPTH, tooDeepAt } from "@/lib/http/json";
import { RunServiceError } from "@/lib/runs/errors";
import { describeError } from "@/lib/runs/log";
import { startWorkflowRun } from "@/lib/runs/service";
import { captureTestEvent } from "@/lib/runs/webhook-listen";
import { webhookAnswer, webhookNodeOf, webhookPayload, workflowForWebhook } from "@/lib/runs/webhooks";

type Context = { params: Promise<{ workflowId: string; secret: string }> };

const notFound = () => jsonError(404, "No such webhook");

export async function POST(request: Request, { params }: Context) {
  try {
    const { workflowId, secret } = await params;
    if (!isStorableText(workflowId) || !isStorableText(secret)) return notFound();
    const { db } = await getDb();
    const workflow = await workflowForWebhook(db, workflowId, secret);
    if (!workflow) return notFound();
    const nodeId = webhookNodeOf(workflow.definition);
    if (!nodeId) return jsonError(409, "This workflow has no webhook trigger node");
    const text = await readBodyText(request);
    if (!text.ok) return text.response;
    const deep = (request.headers.get("content-type") ?? "").includes("json") ? tooDeepAt(text.data) : null;
    if (deep !== null) return badRequest([{ path: `body.${deep}`, message: `nested deeper than ${MAX_JSON_DEPTH} levels` }]);
    const payload = webhookPayload(request, text.data);
    // Checked as the run will store it: body, headers and query (a %00 in the query too).
    const issues = jsonValueIssues(payload);
    if (issues.length) return badRequest(issues);
    if (await captureTestEvent(db, workflow.id, payload)) return Response.json({ test: true, message: "Captured as a test event; no run started" }, { status: 200 });
    const started = await startWorkflowRun(db, "system", workflow.id, payload, "webhook", { nodeId });
    return webhookAnswer(workflow.definition, started.run.id, payload);
  } catch (error) {
    if (error instanceof RunServiceError) return Response.json(error.toJSON(), { status: error.status });
    console.error(`[hooks] unexpected error: ${describeError(error)}`);
    return jsonError(500, "Something went wrong on our side");
  }
}
