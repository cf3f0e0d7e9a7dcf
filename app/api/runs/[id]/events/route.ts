// GET /api/runs/:id/events: Server-Sent Events (id: <seq>, data: <event>). A reconnect with
// Last-Event-ID (header, or ?lastEventId=) gets exactly the events after that seq. Streamed llm
// text comes as `event: chunk` messages without an id, with offsets; on every (re)connect the text
// of each node still streaming is sent again from offset 0 (lib/runs/sse.ts).
import { jsonError } from "@/lib/http/json";
import { asCaller } from "@/lib/http/caller";
import { looksLikeRunId } from "@/lib/runs/http";
import { runNotFound } from "@/lib/runs/errors";
import { runFor } from "@/lib/runs/service";
import { runEventStream } from "@/lib/runs/sse";

type Context = { params: Promise<{ id: string }> };

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: Context) {
  return asCaller(request, async (caller, db) => {
    const { id } = await params;
    if (!looksLikeRunId(id)) throw runNotFound();
    await runFor(db, caller, id);
    const raw = request.headers.get("last-event-id") ?? new URL(request.url).searchParams.get("lastEventId");
    const afterSeq = raw === null || raw === "" ? -1 : Number(raw);
    if (!Number.isInteger(afterSeq) || afterSeq < -1) return jsonError(400, "Last-Event-ID: must be the integer id of an event received before");
    return new Response(runEventStream(db, id, afterSeq, { signal: request.signal }), {
      headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", connection: "keep-alive", "x-accel-buffering": "no" },
    });
  });
}
