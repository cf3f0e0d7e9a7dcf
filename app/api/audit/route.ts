// GET /api/audit: a workspace's audit log, newest first (session or API key; admins only: the key's
// workspace, or ?workspace=<slug> for a session). The same filters as
// the log page (action, object, actor, from, to, limit); ?format=csv answers a CSV file.
import { auditCsv, auditFilterSchema, listAuditEvents } from "@/lib/audit/query";
import { asCaller, requestWorkspace } from "@/lib/http/caller";
import { requireCapability } from "@/lib/workspaces/access";
import { jsonError } from "@/lib/http/body";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  return asCaller(request, async (caller, db) => {
    const params = new URL(request.url).searchParams;
    const format = params.get("format") ?? "json";
    if (format !== "json" && format !== "csv") return jsonError(400, 'format: use "json" or "csv"');
    const workspaceId = await requestWorkspace(db, caller, request);
    await requireCapability(db, caller, workspaceId, "admin");
    const filter = auditFilterSchema.safeParse(Object.fromEntries([...params].filter(([key]) => key !== "format" && key !== "workspace")));
    if (!filter.success) {
      const issue = filter.error.issues[0];
      return jsonError(400, `${issue?.path.join(".") || "query"}: ${issue?.message ?? "invalid"}`);
    }
    const rows = await listAuditEvents(db, workspaceId, filter.data);
    if (format === "json") return Response.json({ events: rows });
    const stamp = new Date().toISOString().slice(0, 10);
    return new Response(auditCsv(rows), {
      headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="flowmaestro-audit-${stamp}.csv"`, "cache-control": "no-store" },
    });
  });
}
