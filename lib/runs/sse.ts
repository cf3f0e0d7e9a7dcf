/**
 * A run's events as Server-Sent Events: `id: <seq>` and `data: <event JSON>` per event. Replays
 * what is stored after `afterSeq`, then tails: the in-process bus wakes the stream when this
 * process commits events, and a periodic database read catches events other processes write.
 * Every send reads the database after the last seq sent, so nothing is missed or repeated.
 * Heartbeat comments keep proxies from closing an idle stream; the stream ends after run.finished.
 * Live tokens of streaming nodes go out as `event: chunk` messages WITHOUT an `id:` (they are not
 * stored, so Last-Event-ID keeps naming stored events only); chunks sent while a reader was
 * disconnected are not replayed: the node's final text arrives with its node.completed event.
 */
import { eq } from "drizzle-orm";
import { runs } from "@/lib/db/schema";
import type { Db } from "@/lib/db/types";
import { subscribeChunks, subscribeEvents } from "./bus";
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
  let pumping: Promise<void> | null = null;
  let again = false;
  const timers: ReturnType<typeof setInterval>[] = [];
  let unsubscribe = () => {};
  let unsubscribeChunks = () => {};

  return new ReadableStream<Uint8Array>({
    start(controller) {
      const close = () => {
        if (closed) return;
        closed = true;
        unsubscribe();
        unsubscribeChunks();
        timers.forEach(clearInterval);
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      const pump = (): Promise<void> => {
        if (pumping) {
          again = true;
          return pumping;
        }
        pumping = (async () => {
          do {
            again = false;
            const events = await listEvents(db, runId, lastSent);
            for (const event of events) {
              if (closed) return;
              controller.enqueue(encoder.encode(`id: ${event.seq}\ndata: ${JSON.stringify(event.payload)}\n\n`));
              lastSent = event.seq;
              if (event.type === "run.finished") return close();
            }
            // Reconnected after the end (nothing left to send): say so by closing.
            if (events.length === 0 && (await runEnded(db, runId))) return close();
          } while (again && !closed);
        })()
          .catch(() => close())
          .finally(() => (pumping = null));
        return pumping;
      };
      unsubscribe = subscribeEvents(runId, () => void pump());
      unsubscribeChunks = subscribeChunks(runId, (chunk) => {
        if (!closed) controller.enqueue(encoder.encode(`event: chunk\ndata: ${JSON.stringify(chunk)}\n\n`));
      });
      timers.push(setInterval(() => void pump(), pollMs));
      timers.push(setInterval(() => !closed && controller.enqueue(encoder.encode(": heartbeat\n\n")), heartbeatMs));
      options.signal?.addEventListener("abort", close, { once: true });
      controller.enqueue(encoder.encode("retry: 2000\n\n"));
      void pump();
    },
    cancel() {
      closed = true;
      unsubscribe();
      unsubscribeChunks();
      timers.forEach(clearInterval);
    },
  });
}

async function runEnded(db: Db, runId: string): Promise<boolean> {
  const [row] = await db.select({ status: runs.status }).from(runs).where(eq(runs.id, runId));
  return !row || row.status === "completed" || row.status === "failed" || row.status === "cancelled";
}
