/**
 * Test-only fault switches, read from FLOWMAESTRO_FAULTS (comma-separated), for the crash tests that
 * kill the server at every step (test/runs/crash-every-step.test.ts). Never set in production.
 *   kill-before-checkpoint:N   SIGKILL this process right before its Nth checkpoint write
 *   kill-after-checkpoint:N    SIGKILL this process right after its Nth checkpoint write committed
 *   fail-checkpoint:N          every try of this process's Nth checkpoint write fails
 * Checkpoints are counted per process, across runs, from 1 (from the arming, after armFaults).
 */
type Fault = { kind: "kill-before" | "kill-after" | "fail"; at: number };

function parse(text: string | undefined): Fault[] {
  const faults: Fault[] = [];
  for (const part of (text ?? "").split(",").map((p) => p.trim()).filter(Boolean)) {
    const match = /^(kill-before-checkpoint|kill-after-checkpoint|fail-checkpoint):(\d+)$/.exec(part);
    if (!match) throw new Error(`FLOWMAESTRO_FAULTS: "${part}" is not a fault (kill-before-checkpoint:N, kill-after-checkpoint:N, fail-checkpoint:N)`);
    const kind = match[1] === "kill-before-checkpoint" ? "kill-before" : match[1] === "kill-after-checkpoint" ? "kill-after" : "fail";
    faults.push({ kind, at: Number(match[2]) });
  }
  return faults;
}

let faults = parse(process.env.FLOWMAESTRO_FAULTS);
let written = 0;

/**
 * Replaces the faults and counts checkpoints from 1 again: a test server that finished one crash
 * scenario is armed for the next instead of starting another process.
 */
export function armFaults(text: string): void {
  faults = parse(text);
  written = 0;
}

/** Checkpoint writes this process started (the crash tests pick N from an undisturbed run's count). */
export const checkpointsWritten = () => written;

export class InjectedFault extends Error {
  override name = "InjectedFault";
}

/** Wraps one checkpoint write (all its tries) with the configured faults. */
export async function withCheckpointFaults<T>(write: () => Promise<T>): Promise<T> {
  const n = ++written;
  if (faults.length === 0) return write();
  const at = (kind: Fault["kind"]) => faults.some((f) => f.kind === kind && f.at === n);
  if (at("kill-before")) process.kill(process.pid, "SIGKILL");
  if (at("fail")) throw new InjectedFault(`injected failure of checkpoint ${n} (FLOWMAESTRO_FAULTS)`);
  const result = await write();
  if (at("kill-after")) process.kill(process.pid, "SIGKILL");
  return result;
}
