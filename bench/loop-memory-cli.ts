/**
 * Issue 18's memory goal, measured from outside the process: `node bin/flowmaestro.mjs run` of a
 * count loop whose body outputs `bytes` each, 10,000 iterations against 100; the peak RSS (VmHWM in
 * /proc/<pid>/status, a high-water mark, so a sample taken any time before exit holds the peak so
 * far) is sampled every 10 ms. Growth = peak of the long run minus peak of the short one.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bigLoop } from "./definitions";
import { round, type BenchRow } from "./engine";
import { vmHwmKb } from "./proc-memory";
import { createTestPostgresDatabase } from "../lib/db/testing";
import type { DbKind } from "../lib/db/types";

const BIN = join(import.meta.dirname, "..", "bin", "flowmaestro.mjs");

/** Runs the loop in a child process; its peak RSS (MB) and wall time (ms). */
async function peakOf(iterations: number, bytes: number, dir: string, databaseUrl?: string): Promise<{ peakMb: number; ms: number }> {
  const file = join(dir, `loop-${iterations}.json`);
  writeFileSync(file, JSON.stringify(bigLoop(iterations, bytes)));
  const env: NodeJS.ProcessEnv = { ...process.env, FLOWMAESTRO_DATA_DIR: join(dir, "data") };
  delete env.DATABASE_URL;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, "run", file, "--json"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let peakKb = 0;
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.resume();
  const sampler = setInterval(() => (peakKb = Math.max(peakKb, vmHwmKb(child.pid!) ?? 0)), 10);
  // The last sample is taken when stdout closes (the result is written), before the process is gone.
  child.stdout.on("end", () => (peakKb = Math.max(peakKb, vmHwmKb(child.pid!) ?? 0)));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  clearInterval(sampler);
  if (code !== 0) throw new Error(`flowmaestro run exited ${code}: ${stderr.slice(0, 300)}`);
  return { peakMb: peakKb / 1024, ms: performance.now() - started };
}

export async function loopMemoryCli(kind: DbKind, iterations = 10_000, bytes = 100_000): Promise<BenchRow> {
  const dir = mkdtempSync(join(tmpdir(), "fm-bench-loop-"));
  const database = kind === "postgres" ? await createTestPostgresDatabase(process.env.DATABASE_URL || undefined) : null;
  try {
    // Warm-up: the command line's bundle built (or found current) and the store made (100 iterations
    // of 100 KB spill into it): PGlite's first initdb peaks at ~800 MB, once per data folder.
    await peakOf(100, bytes, dir, database?.url);
    const small = await peakOf(100, bytes, dir, database?.url);
    const large = await peakOf(iterations, bytes, dir, database?.url);
    return row(kind, iterations, bytes, small, large);
  } finally {
    await database?.drop();
  }
}

function row(kind: DbKind, iterations: number, bytes: number, small: { peakMb: number }, large: { peakMb: number; ms: number }): BenchRow {
  const growth = large.peakMb - small.peakMb;
  return {
    name: `${iterations.toLocaleString("en")}-iteration loop, ${bytes / 1000} KB output each, command line on ${kind}: peak RSS growth over 100 iterations (from outside, VmHWM)`,
    value: round(growth, 1),
    unit: "MB",
    goal: "≤ 150, ≤ 10 s",
    ok: growth <= 150 && large.ms <= 10_000,
    detail: `peaks ${round(small.peakMb, 0)} MB (100 iterations) and ${round(large.peakMb, 0)} MB; ${Math.round(large.ms)} ms for ${iterations.toLocaleString("en")}`,
  };
}
