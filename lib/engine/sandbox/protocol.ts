/** What the server sends a sandbox process and what comes back (see child/main.mjs). */
// Out: { type: "job", id, job: SandboxJob } and { type: "cancel", id } (always answered by "ready").
import { z } from "zod";

export type SandboxJob =
  | {
      kind: "javascript";
      code: string;
      /** JSON text of `data`. */
      dataJson: string;
      /** JSON text of `context` (deep-frozen inside). */
      contextJson: string;
      /** The script's own time limit, counted from when it starts in a process (not while queued). */
      timeoutMs: number;
      /** QuickJS heap allowance, in bytes. */
      memoryBytes: number;
    }
  | { kind: "jsonata"; expression: string; inputJson: string; timeoutMs: number };

/** The codes a sandbox process may decide; anything else it sends is refused as malformed. */
export const sandboxErrorCode = z.enum(["SCRIPT_ERROR", "TIMEOUT", "MEMORY_LIMIT"]);

// The other side of the boundary is user code's process: its answers are checked like any input.
export const childMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ready"), pid: z.number().int() }),
  z.object({ type: z.literal("done"), id: z.number().int(), json: z.string() }),
  // `restarting`: the evaluation thread died with the job; a "ready" follows when a new one is up.
  z.object({ type: z.literal("failed"), id: z.number().int(), code: sandboxErrorCode, message: z.string(), restarting: z.boolean().optional() }),
]);
export type ChildMessage = z.infer<typeof childMessage>;
