/**
 * The port through which a run tells people it waits for them (approval links, mail). lib/runs
 * does not know how: the app registers lib/approvals' notifier at start-up (instrumentation.ts,
 * lib/runs/wiring.ts) and the Trigger.dev task hands it in, so lib/runs and lib/approvals never
 * import each other. Waitpoint details arrive masked (no secret value in a page or a mail).
 */
import type { Waitpoint } from "../engine";
import type { DbOrTx } from "../db/types";

export type WaitpointNotifier = (db: DbOrTx, runId: string, waitpoints: readonly Waitpoint[]) => Promise<void>;

const KEY = Symbol.for("flowmaestro.runs.notifier");
const g = globalThis as Record<symbol, WaitpointNotifier | undefined>;

export function setWaitpointNotifier(notifier: WaitpointNotifier | null): void {
  g[KEY] = notifier ?? undefined;
}

export function waitpointNotifier(): WaitpointNotifier | undefined {
  return g[KEY];
}
