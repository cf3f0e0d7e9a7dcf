// GET /api/share/:token: the shared run's result (spec section 6), masked, read-only. The token
// names its run; unknown or switched-off tokens are 404. No other method exists here.
import { getDb } from "@/lib/db/client";
import { NOINDEX_HEADERS as NOINDEX, sharedRun, shareNotFound } from "@/lib/approvals/share";
import { runSeqHeaders } from "@/lib/runs/http";
import { runResultOf } from "@/lib/runs/service";

type Context = { params: Promise<{ token: string }> };

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: Context) {
  const { token } = await params;
  const { db } = await getDb();
  const run = await sharedRun(db, token);
  if (!run?.ownerId) return shareNotFound();
  const { result, seq } = await runResultOf(db, run);
  const body = result ?? { runId: run.id, status: run.status, outputs: {}, nodes: {}, startedAt: run.startedAt.toISOString(), durationMs: 0 };
  // Waiting links are the approvers' own; a share page never shows them.
  const waiting = (body as { waiting?: { url?: string }[] }).waiting?.map((w) => ({ ...w, url: undefined }));
  return Response.json({ ...body, ...(waiting ? { waiting } : {}) }, { headers: { ...NOINDEX, ...runSeqHeaders(seq) } });
}
