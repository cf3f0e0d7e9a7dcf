/**
 * Answers that arrive while a run executes (another of its waitpoints was answered): the run store
 * has them (lib/runs/store/answers.ts); this feeds them to the engine's driver (an AnswerSource).
 * An answer recorded in this process is announced at once; one recorded by another process is found
 * by the executor's poll of the run's inbox (lib/runs/execute.ts).
 */
import { EventEmitter } from "node:events";
import type { AnswerSource, RecordedAnswer } from "../engine";
import type { DbOrTx } from "../db/types";
import { describeError } from "./log";
import { pendingAnswers } from "./store";

const KEY = Symbol.for("flowmaestro.runs.answers");
const g = globalThis as Record<symbol, EventEmitter | undefined>;
const announcements: EventEmitter = (g[KEY] ??= (() => {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return emitter;
})());

/** Tells an execution of the run in this process that an answer was recorded. */
export function announceAnswer(runId: string): void {
  announcements.emit(runId);
}

export interface AnswerFeed extends AnswerSource {
  /** Reads the store's pending answers and queues the new ones. */
  refresh(): Promise<void>;
  close(): void;
}

export function createAnswerFeed(db: DbOrTx, runId: string): AnswerFeed {
  const seen = new Set<string>();
  let queue: RecordedAnswer[] = [];
  const wakers = new Set<() => void>();
  let refreshing: Promise<void> | null = null;

  const refresh = (): Promise<void> =>
    (refreshing ??= (async () => {
      try {
        const fresh = (await pendingAnswers(db, runId)).filter((a) => !seen.has(a.waitpointId));
        if (fresh.length === 0) return;
        for (const answer of fresh) seen.add(answer.waitpointId);
        queue.push(...fresh);
        for (const wake of wakers) wake();
      } finally {
        refreshing = null;
      }
    })());
  const onAnnounce = () =>
    void refresh().catch((error: unknown) => console.error(`[runs] run ${runId}: reading its answers failed (the poll tries again): ${describeError(error)}`));
  announcements.on(runId, onAnnounce);

  return {
    take() {
      const taken = queue;
      queue = [];
      return taken;
    },
    subscribe(wake) {
      wakers.add(wake);
      return () => wakers.delete(wake);
    },
    refresh,
    close() {
      announcements.off(runId, onAnnounce);
      wakers.clear();
    },
  };
}
