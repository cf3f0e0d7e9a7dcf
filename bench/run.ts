/**
 * `npm run bench`: measures the speed goals of the issues, prints a table and
 * writes bench/results.json. PostgreSQL rows need DATABASE_URL's server (or the
 * local one at 127.0.0.1:5432); they are reported as skipped when it is down.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { canvasLatency, canvasOpen } from "./canvas";
import { canvasDrag } from "./canvas-drag";
import { canvasEvents } from "./canvas-events";
import { loopMemoryApp } from "./loop-memory-app";
import { loopMemoryCli } from "./loop-memory-cli";
import { restChain } from "./rest-chain";
import { restConcurrent, restSequential } from "./rest-next";
import { cliBinRun, cliRun } from "./cli";
import { buildLarge, chainInMemory, fanOutRatio, type BenchRow } from "./engine";
import { chainPersisted } from "./persisted";
import { restRuns } from "./rest-runs";
import { sandboxParallel, sandboxTimeouts } from "./sandbox";

const only = process.argv.slice(2);
const cases: [string, () => Promise<BenchRow> | BenchRow][] = [
  ["fanout10", () => fanOutRatio(10)],
  ["fanout100", () => fanOutRatio(100)],
  ["chain", () => chainInMemory(1000)],
  ["chain-pglite", () => chainPersisted("pglite", 1000)],
  ["chain-postgres", () => chainPersisted("postgres", 1000)],
  ["build", () => buildLarge(10_000)],
  ["loop-memory-cli", () => loopMemoryCli("pglite")], ["loop-memory-cli-postgres", () => loopMemoryCli("postgres")],
  ["cli", () => cliRun()], ["cli-bin", () => cliBinRun()],
  ["rest-pglite", () => restRuns("pglite")],
  ["rest-postgres", () => restRuns("postgres")],
  ["rest-seq-pglite", () => restSequential("pglite")], ["rest-32-pglite", () => restConcurrent("pglite")],
  ["rest-seq-postgres", () => restSequential("postgres")], ["rest-32-postgres", () => restConcurrent("postgres")],
  ["rest-chain-pglite", () => restChain("pglite")], ["rest-chain-postgres", () => restChain("postgres")],
  ["loop-memory-app-pglite", () => loopMemoryApp("pglite")], ["loop-memory-app-postgres", () => loopMemoryApp("postgres")],
  ["canvas-open", () => canvasOpen(300)], ["canvas-open-1000", () => canvasOpen(1000, 5)], ["canvas-latency", () => canvasLatency(40, 150)],
  ["canvas-latency-started", () => canvasLatency(40, 150, "node.started")],
  ["canvas-events", () => canvasEvents(300, 5)],
  ["canvas-drag", () => canvasDrag(1000)], ["canvas-drag-300", () => canvasDrag(300)],
  ["sandbox-timeouts", () => sandboxTimeouts()], ["sandbox-parallel", () => sandboxParallel()],
];

const rows: (BenchRow & { id: string })[] = [];
for (const [id, run] of cases) {
  if (only.length && !only.includes(id)) continue;
  try {
    rows.push({ id, ...(await run()) });
  } catch (error) {
    rows.push({ id, name: id, value: NaN, unit: "", goal: "", ok: false, detail: `error: ${(error as Error).message.slice(0, 120)}` });
  }
  const row = rows.at(-1)!;
  console.log(`${row.ok ? "ok  " : "MISS"} ${row.name}: ${row.value} ${row.unit} (goal ${row.goal})${row.detail ? ` [${row.detail}]` : ""}`);
}

console.log();
console.table(rows.map((r) => ({ benchmark: r.name, value: `${r.value} ${r.unit}`, goal: r.goal, met: r.ok ? "yes" : "NO", note: r.detail ?? "" })));
const out = join(import.meta.dirname, "results.json");
// A run of some cases replaces their rows and keeps the others' (each row says when it was measured).
const measuredAt = new Date().toISOString();
const kept = only.length && existsSync(out) ? (JSON.parse(readFileSync(out, "utf8")) as { rows: (BenchRow & { id: string })[] }).rows.filter((r) => !only.includes(r.id)) : [];
const order = new Map(cases.map(([id], i) => [id, i]));
const merged = [...kept, ...rows.map((r) => ({ ...r, measuredAt }))].sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
writeFileSync(out, `${JSON.stringify({ measuredAt, node: process.version, cpus: 2, rows: merged }, null, 2)}\n`);
console.log(`written ${out}`);
