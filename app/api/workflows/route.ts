// REST: a workspace's workflows (an API key's workspace; for a session ?workspace=<slug>, else the
// personal one: lib/http/caller). GET lists them with names and input schemas; POST creates one.
import { auditRequest } from "@/lib/audit/context";
import { asCaller, requestWorkspace } from "@/lib/http/caller";
import { readJsonBody } from "@/lib/http/json";
import { listWorkflowsWithInputs } from "@/lib/workflows/api-list";
import { createWorkflowSchema } from "@/lib/workflows/names";
import { createWorkflow } from "@/lib/workflows/queries";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  return asCaller(request, async (caller, db) => Response.json({ workflows: await listWorkflowsWithInputs(db, caller, await requestWorkspace(db, caller, request)) }));
}

export async function POST(request: Request) {
  return asCaller(request, async (caller, db) => {
    const body = await readJsonBody(request, createWorkflowSchema);
    if (!body.ok) return body.response;
    const workflow = await createWorkflow(caller, await requestWorkspace(db, caller, request), body.data.name, db);
    await auditRequest(db, caller, request, { action: "workflow.create", objectId: workflow.id, objectLabel: workflow.name });
    return Response.json({ workflow }, { status: 201 });
  });
}
