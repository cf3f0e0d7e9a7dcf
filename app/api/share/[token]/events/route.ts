// GET /api/share/:token/events: the shared run's events as Server-Sent Events (the run service's
// stream, scoped to the one run the token names). Reconnects with Last-Event-ID as on the owner's.
import { getDb } from "@/lib/db/client";
import { NOINDEX_HEADERS as NOINDEX, sharedRun, shareNotFound } from "@/lib/approvals/share";
import { runEventStream } from "@/lib/runs/sse";

type Context = { params: Promise<{ token: string }> };

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: Context) {
  const { token } = await params;
  const { db } = await getDb();
  const run = await sharedRun(db, token);
  if (!run) return shareNotFound();
  const raw = request.headers.get("last-event-id") ?? new URL(request.url).searchParams.get("lastEventId");
  const afterSeq = raw === null || raw === "" ? -1 : Number(raw);
  if (!Number.isInteger(afterSeq) || afterSeq < -1) return Response.json({ error: "Last-Event-ID: must be the integer id of an event received before" }, { status: 400, headers: NOINDEX });
  return new Response(runEventStream(db, run.id, afterSeq, { signal: request.signal }), {
    headers: { ...NOINDEX, "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", connection: "keep-alive", "x-accel-buffering": "no" },
  });
}
