/**
 * The app's two calls into Trigger.dev for a run that is already there: complete a paused run's
 * wait token (after the approval page or the owner closed the waitpoint row) and cancel the
 * coordinator. Server only: the SDK is loaded lazily, here and nowhere a client component
 * reaches. Tests swap in a stand-in with setTriggerControl (Trigger.dev's API can't run here).
 */
import type { TokenDecision } from "./contract";

export interface TriggerControl {
  /** wait.completeToken: the coordinator waiting on `tokenId` resumes with `data`. */
  completeToken(tokenId: string, data: TokenDecision): Promise<void>;
  /** runs.cancel of the coordinator run. */
  cancelRun(triggerRunId: string): Promise<void>;
}

export const sdkControl: TriggerControl = {
  async completeToken(tokenId, data) {
    const { wait } = await import("@trigger.dev/sdk");
    await wait.completeToken(tokenId, data);
  },
  async cancelRun(triggerRunId) {
    const { runs } = await import("@trigger.dev/sdk");
    await runs.cancel(triggerRunId);
  },
};

// On globalThis: the route bundles and the test's imports must see the same choice.
const KEY = Symbol.for("flowmaestro.trigger.control");
const g = globalThis as Record<symbol, TriggerControl | undefined>;

export function triggerControl(): TriggerControl {
  return g[KEY] ?? sdkControl;
}

/** Tests only: a stand-in for Trigger.dev's API (null puts the SDK back). */
export function setTriggerControl(control: TriggerControl | null): void {
  g[KEY] = control ?? undefined;
}
