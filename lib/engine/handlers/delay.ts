/** `delay`: waits `ms` (milliseconds or a duration string) from the attempt's start, ending early only on ctx.signal. */
import { z } from "zod";
import { durationSchema, parseDuration } from "../duration";
import { abortError } from "./abort";
import { defineHandler } from "./types";

/** setTimeout's largest delay (about 24.8 days); longer waits belong in an approval or a schedule. */
const MAX_DELAY_MS = 2_147_483_647;

const configSchema = z.object({
  ms: durationSchema.refine((v) => (parseDuration(v) ?? 0) <= MAX_DELAY_MS, { message: "a delay can be at most 24 days" }).describe('How long to wait: milliseconds or a duration like "30s", "5m"; at most 24 days'),
});
export type DelayConfig = z.infer<typeof configSchema>;

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortError(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

export const delayHandler = defineHandler<DelayConfig>({
  type: "delay",
  label: "Delay",
  keywords: ["wait", "sleep", "pause", "timer"],
  description: "Wait for a while (e.g. 500, \"30s\", \"5m\")",
  category: "logic",
  configSchema,
  handles: () => ["source"],
  async execute(config, ctx) {
    const ms = parseDuration(config.ms)!;
    // The deadline is fixed when the attempt starts: re-dispatched after a crash, it waits only what is left.
    const left = Math.max(0, ctx.attemptStartedAt + ms - Date.now());
    await sleep(Math.min(ms, left), ctx.signal);
    return { kind: "done", output: { waitedMs: ms } };
  },
});
