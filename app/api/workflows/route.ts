// REST: the caller's workflows (session or API key, lib/http/caller). GET lists them with names
// and input schemas; POST creates one.
import { auditRequest } from "@/lib/audit/context";
import { asCaller } from "@/lib/http/caller";
import { readJsonBody } from "@/lib/http/json";
import { listWorkflowsWithInputs } from "@/lib/workflows/api-list";
import { createWorkflowSchema } from "@/lib/workflows/names";
import { createWorkflow } from "@/lib/workflows/queries";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  return asCaller(request, async (caller, db) => Response.json({ workflows: await listWorkflowsWithInputs(db, caller.userId) }));
}

export async function POST(request: Request) {
  return asCaller(request, async (caller, db) => {
    const body = await readJsonBody(request, createWorkflowSchema);
    if (!body.ok) return body.response;
    const workflow = await createWorkflow(caller.userId, body.data.name, db);
    await auditRequest(db, caller, request, { action: "workflow.create", objectId: workflow.id, objectLabel: workflow.name });
    return Response.json({ workflow }, { status: 201 });
  });
}
