/**
 * Peak memory of another process, read from outside it: VmHWM ("high-water mark") in
 * /proc/<pid>/status is the process's largest resident set so far, so one read at any moment
 * holds the peak up to then, whatever the process's own timers do.
 */
import { readFileSync, writeFileSync } from "node:fs";

/** The peak RSS of `pid` so far, in kB (null when it is gone). */
export function vmHwmKb(pid: number): number | null {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) : null;
  } catch {
    return null; // exited between two reads
  }
}

/**
 * Resets the high-water mark to the current RSS (Linux: "5" into /proc/<pid>/clear_refs), so a
 * later read holds the peak of what came after, not of the process's start (a server's first
 * PGlite initdb peaks far above its runs). False when not allowed.
 */
export function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, "5");
    return true;
  } catch {
    return false;
  }
}

export const rssKb = (pid: number) => {
  try {
    return Number(/^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  } catch {
    return 0;
  }
};

/** The children of `pid` (from /proc/<pid>/task/<pid>/children). */
function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/**
 * The largest process under `root` (itself included): `npx next start` runs the server as a
 * descendant, and the server is the one holding the most memory.
 */
export function largestDescendant(root: number): number {
  let best = root;
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    if (rssKb(pid) > rssKb(best)) best = pid;
    stack.push(...childrenOf(pid));
  }
  return best;
}
