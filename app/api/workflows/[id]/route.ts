// REST: one workflow of the caller (session or API key, lib/http/caller). Someone else's id
// answers 404, like an unknown one.
import { patchWorkflowSchema } from "@/lib/api/schemas";
import { auditRequest } from "@/lib/audit/context";
import { asCaller } from "@/lib/http/caller";
import { isStorableText, jsonError, readJsonBody } from "@/lib/http/json";
import { RunServiceError, workflowNotFound } from "@/lib/runs/errors";
import type { WorkflowDefinition } from "@/lib/workflows/definition-types";
import { deleteWorkflow, getWorkflow, renameWorkflow } from "@/lib/workflows/queries";
import { saveWorkflowDefinition } from "@/lib/workflows/save-definition";

type Context = { params: Promise<{ id: string }> };

/** The id from the URL; text the database can't even compare is simply unknown. */
async function workflowId({ params }: Context): Promise<string> {
  const { id } = await params;
  if (!isStorableText(id) || id.length > 200) throw workflowNotFound();
  return id;
}

export async function GET(request: Request, context: Context) {
  return asCaller(request, async (caller, db) => {
    const workflow = await getWorkflow(caller, await workflowId(context), db);
    if (!workflow) throw workflowNotFound();
    return Response.json({ workflow });
  });
}

export async function PATCH(request: Request, context: Context) {
  return asCaller(request, async (caller, db) => {
    const id = await workflowId(context);
    const body = await readJsonBody(request, patchWorkflowSchema);
    if (!body.ok) return body.response;
    const { name, definition, revision } = body.data;
    const written = definition
      ? await saveWorkflowDefinition(caller, id, { ...(definition as WorkflowDefinition), ...(name ? { name } : {}) }, revision!, db)
      : await renameWorkflow(caller, id, name!, db, { baseRevision: revision });
    if (!written.ok && written.reason === "gone") throw workflowNotFound();
    if (!written.ok && written.reason === "forbidden") throw new RunServiceError("forbidden", written.message);
    if (!written.ok) {
      const message = `The workflow changed since revision ${revision} (it is at revision ${written.revision}): GET it, apply your change again and send that revision`;
      return jsonError(409, message, { revision: written.revision });
    }
    const workflow = await getWorkflow(caller, id, db);
    await auditRequest(db, caller, request, { action: definition ? "workflow.edit" : "workflow.rename", objectId: id, objectLabel: workflow?.name ?? name });
    return Response.json({ workflow });
  });
}

export async function DELETE(request: Request, context: Context) {
  return asCaller(request, async (caller, db) => {
    const id = await workflowId(context);
    const deleted = await deleteWorkflow(caller, id, db);
    if (!deleted.ok && deleted.reason === "forbidden") throw new RunServiceError("forbidden", deleted.message);
    if (!deleted.ok) throw workflowNotFound();
    await auditRequest(db, caller, request, { action: "workflow.delete", workspaceId: deleted.workspaceId, objectId: id, objectLabel: deleted.name });
    return new Response(null, { status: 204 });
  });
}
