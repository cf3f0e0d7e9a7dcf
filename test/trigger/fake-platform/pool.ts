/**
 * The fake platform's machines: a few worker processes (./worker.ts), each executing one run at a
 * time. A waiting coordinator keeps its process (no checkpoints, as on self-hosted Trigger.dev), so
 * the pool needs more workers than coordinators running at once. A cancelled run's process is
 * killed and replaced, as the platform stops a cancelled run's machine.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";

export interface WorkerPool {
  /** Output of every worker (stdout and stderr), for a failing test's message. */
  logs: string[];
  kill(workerId: string): void;
  close(): Promise<void>;
}

export function startWorkerPool(size: number, env: Record<string, string>): WorkerPool {
  const workers = new Map<string, ChildProcess>();
  const logs: string[] = [];
  let closing = false;
  let spawned = 0;

  const start = () => {
    const workerId = `worker${++spawned}`;
    const child = spawn(process.execPath, ["--import", "tsx", join(import.meta.dirname, "worker.ts")], {
      env: { ...process.env, ...env, FAKE_WORKER_ID: workerId },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const keep = (chunk: Buffer) => {
      logs.push(`[${workerId}] ${chunk.toString("utf8")}`);
      if (logs.length > 2000) logs.splice(0, logs.length - 2000);
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    child.on("exit", (code, signal) => {
      workers.delete(workerId);
      if (!closing) {
        logs.push(`[${workerId}] exited (${signal ?? code}); starting a replacement`);
        start();
      }
    });
    workers.set(workerId, child);
  };
  for (let i = 0; i < size; i++) start();

  return {
    logs,
    kill(workerId) {
      workers.get(workerId)?.kill("SIGKILL");
    },
    async close() {
      closing = true;
      await Promise.all(
        [...workers.values()].map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolve();
              child.once("exit", () => resolve());
              child.kill("SIGKILL");
            }),
        ),
      );
    },
  };
}
