/**
 * The app's calls into Trigger.dev for a run that is already there: complete a paused run's
 * wait token (after the approval page or the owner closed the waitpoint row), cancel the
 * coordinator, and ask how the coordinator ended (reconciliation, ./reconcile.ts). Server only: the SDK is loaded lazily, here and nowhere a client component
 * reaches. Tests swap in a stand-in with setTriggerControl (Trigger.dev's API can't run here).
 */
import { z } from "zod";
import type { TokenDecision } from "./contract";

/** What runs.retrieve tells about a coordinator: the platform's status and, when it failed, why. */
export const platformRun = z.object({
  status: z.string(),
  error: z.object({ message: z.string().optional(), name: z.string().optional() }).loose().optional().nullable(),
});
export type PlatformRun = z.infer<typeof platformRun>;

export interface TriggerControl {
  /** wait.completeToken: the coordinator waiting on `tokenId` resumes with `data`. */
  completeToken(tokenId: string, data: TokenDecision): Promise<void>;
  /** runs.cancel of the coordinator run. */
  cancelRun(triggerRunId: string): Promise<void>;
  /** runs.retrieve of the coordinator run: its status and error. */
  retrieveRun(triggerRunId: string): Promise<PlatformRun>;
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
  async retrieveRun(triggerRunId) {
    const { runs } = await import("@trigger.dev/sdk");
    const run = await runs.retrieve(triggerRunId);
    return platformRun.parse({ status: run.status, error: run.error ?? null });
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
