/**
 * The app's composition root for runs and approvals: lib/runs tells people about open waitpoints
 * through a port (lib/runs/notifier.ts) and lib/approvals answers runs through a function handed to
 * it (lib/approvals/resume.ts), so neither imports the other. Called by instrumentation.ts before
 * the run worker starts, and by tests.
 */
import { notifyOpenWaitpoints } from "./approvals/notify";
import { setWaitpointNotifier } from "./runs/notifier";

export function wireRuns(): void {
  setWaitpointNotifier(notifyOpenWaitpoints);
}
