// REST: the signed-in user's workflows.
import { apiUser } from "@/lib/auth/session";
import { jsonError, readJsonBody } from "@/lib/http/json";
import { createWorkflowSchema } from "@/lib/workflows/names";
import { createWorkflow, listWorkflows } from "@/lib/workflows/queries";

export async function GET() {
  const user = await apiUser();
  if (!user) return jsonError(401, "Sign in to use this API");
  return Response.json({ workflows: await listWorkflows(user.id) });
}

export async function POST(request: Request) {
  const user = await apiUser();
  if (!user) return jsonError(401, "Sign in to use this API");
  const body = await readJsonBody(request, createWorkflowSchema);
  if (!body.ok) return body.response;
  const workflow = await createWorkflow(user.id, body.data.name);
  return Response.json({ workflow }, { status: 201 });
}
