// REST: one workflow of the signed-in user. Someone else's id answers 404, like an unknown one.
import { apiUser } from "@/lib/auth/session";
import { jsonError, readJsonBody } from "@/lib/http/json";
import { createWorkflowSchema } from "@/lib/workflows/names";
import { deleteWorkflow, getWorkflow, renameWorkflow } from "@/lib/workflows/queries";

type Context = { params: Promise<{ id: string }> };

const notFound = () => jsonError(404, "No such workflow");

export async function GET(_request: Request, { params }: Context) {
  const user = await apiUser();
  if (!user) return jsonError(401, "Sign in to use this API");
  const workflow = await getWorkflow(user.id, (await params).id);
  return workflow ? Response.json({ workflow }) : notFound();
}

export async function PATCH(request: Request, { params }: Context) {
  const user = await apiUser();
  if (!user) return jsonError(401, "Sign in to use this API");
  const { id } = await params;
  const body = await readJsonBody(request, createWorkflowSchema);
  if (!body.ok) return body.response;
  if (!(await renameWorkflow(user.id, id, body.data.name))) return notFound();
  return Response.json({ workflow: await getWorkflow(user.id, id) });
}

export async function DELETE(_request: Request, { params }: Context) {
  const user = await apiUser();
  if (!user) return jsonError(401, "Sign in to use this API");
  if (!(await deleteWorkflow(user.id, (await params).id))) return notFound();
  return new Response(null, { status: 204 });
}
