/**
 * A run's events as Server-Sent Events: `id: <seq>` and `data: <event JSON>` per event, in seq order
 * (seqs may jump: a run recovered after a crash continues RECOVERY_SEQ_GAP further on, never reusing
 * one). A reader gets what is stored after `afterSeq`, then, when the run executes in this process,
 * what happened and is not stored yet (./live.ts), then follows live events as they happen; a periodic
 * read of the store catches events other processes write. Nothing is sent twice (seq > last sent).
 * Streamed text (LLM tokens) goes out as `event: chunk` messages WITHOUT an `id:` (not stored, so
 * Last-Event-ID keeps naming stored events): `{ type: "node.chunk", key, text, offset }`, offset being
 * where `text` starts in the node's text; on every (re)connect the text of each node still streaming is
 * sent again from offset 0, so a reader shows it from the first word and places pieces by offset.
 * Heartbeat comments keep proxies from closing an idle stream; the stream ends after run.finished.
 */
import { eq } from "drizzle-orm";
import { runs } from "@/lib/db/schema";
import type { Db } from "@/lib/db/types";
import { instanceKey } from "@/lib/engine";
import { liveSnapshot, subscribeLive, type LiveChunk, type LiveEvent } from "./live";
import { describeError } from "./log";
import { listEvents } from "./store";

export interface EventStreamOptions {
  pollMs?: number;
  heartbeatMs?: number;
  signal?: AbortSignal;
}

export function runEventStream(db: Db, runId: string, afterSeq: number, options: EventStreamOptions = {}): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const pollMs = options.pollMs ?? Number(process.env.FLOWMAESTRO_SSE_POLL_MS || 1000);
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  let lastSent = afterSeq;
  let closed = false;
  let ready = false;
  const early: (LiveEvent | LiveChunk)[] = [];
  /** Characters of each node's streamed text this reader has. */
  const textSent = new Map<string, number>();
  let pumping: Promise<void> | null = null;
  let again = false;
  const timers: ReturnType<typeof setInterval>[] = [];
  let unsubscribe = () => {};

  return new ReadableStream<Uint8Array>({
    start(controller) {
      const close = () => {
        if (closed) return;
        closed = true;
        unsubscribe();
        timers.forEach(clearInterval);
        try {
          controller.close();
        } catch {
          // closed by the client already: nothing left to do
        }
      };
      const sendEvent = (event: LiveEvent) => {
        if (closed || event.seq <= lastSent) return;
        controller.enqueue(encoder.encode(`id: ${event.seq}\ndata: ${JSON.stringify(event.payload)}\n\n`));
        lastSent = event.seq;
        if (event.type === "run.finished") close();
      };
      const sendChunk = (chunk: LiveChunk) => {
        if (closed) return;
        const id = instanceKey(chunk.key);
        const have = textSent.get(id) ?? 0;
        const end = chunk.offset + chunk.text.length;
        if (end <= have) return;
        const text = chunk.offset < have ? chunk.text.slice(have - chunk.offset) : chunk.text;
        const offset = Math.max(chunk.offset, have);
        textSent.set(id, end);
        controller.enqueue(encoder.encode(`event: chunk\ndata: ${JSON.stringify({ type: "node.chunk", key: chunk.key, text, offset })}\n\n`));
      };
      const pump = (): Promise<void> => {
        if (pumping) {
          again = true;
          return pumping;
        }
        pumping = (async () => {
          do {
            again = false;
            // The live part first: an event is in it until it is committed, so read after it, the
            // store has whatever left it meanwhile (read the other way round, such events would be missed).
            const live = liveSnapshot(runId);
            const stored = await listEvents(db, runId, lastSent);
            const byseq = new Map<number, LiveEvent>();
            for (const event of [...stored, ...(live?.events ?? [])]) byseq.set(event.seq, event);
            for (const seq of [...byseq.keys()].sort((a, b) => a - b)) sendEvent(byseq.get(seq)!);
            if (!ready) {
              ready = true;
              for (const chunk of live?.chunks ?? []) sendChunk(chunk);
              for (const item of early.splice(0)) {
                if ("offset" in item) sendChunk(item);
                else sendEvent(item);
              }
            }
            // Reconnected after the end (nothing left to send): say so by closing.
            if (!closed && stored.length === 0 && !live && (await runEnded(db, runId))) close();
          } while (again && !closed);
        })()
          .catch((error: unknown) => {
            console.error(`[runs] run ${runId}: event stream closed: ${describeError(error)}`);
            close();
          })
          .finally(() => (pumping = null));
        return pumping;
      };
      unsubscribe = subscribeLive(
        runId,
        (event) => (ready ? sendEvent(event) : early.push(event)),
        (chunk) => (ready ? sendChunk(chunk) : early.push(chunk)),
      );
      timers.push(setInterval(() => void pump(), pollMs));
      timers.push(setInterval(() => !closed && controller.enqueue(encoder.encode(": heartbeat\n\n")), heartbeatMs));
      options.signal?.addEventListener("abort", close, { once: true });
      controller.enqueue(encoder.encode("retry: 2000\n\n"));
      void pump();
    },
    cancel() {
      closed = true;
      unsubscribe();
      timers.forEach(clearInterval);
    },
  });
}

async function runEnded(db: Db, runId: string): Promise<boolean> {
  const [row] = await db.select({ status: runs.status }).from(runs).where(eq(runs.id, runId));
  return !row || row.status === "completed" || row.status === "failed" || row.status === "cancelled";
}
