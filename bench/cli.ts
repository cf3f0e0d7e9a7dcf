/** `npx flowmaestro run` of a three-node workflow: the whole process, start to exit. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { threeNodes } from "./definitions";
import { round, type BenchRow } from "./engine";

export function cliRun(times = 5): BenchRow {
  const dir = mkdtempSync(join(tmpdir(), "fm-bench-cli-"));
  const file = join(dir, "three.json");
  writeFileSync(file, JSON.stringify(threeNodes()));
  const env: NodeJS.ProcessEnv = { ...process.env, FLOWMAESTRO_DATA_DIR: join(dir, "data") };
  delete env.DATABASE_URL; // the embedded defaults
  const walls: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    const p = spawnSync("npx", ["--no-install", "flowmaestro", "run", file, "--input", '{"name":"Ada"}', "--json"], { env, encoding: "utf8" });
    walls.push(performance.now() - started);
    if (p.status !== 0) throw new Error(`flowmaestro run exited ${p.status}: ${p.stderr}`);
  }
  const median = walls.sort((a, b) => a - b)[Math.floor(times / 2)];
  return { name: `npx flowmaestro run, three nodes, embedded defaults (median of ${times})`, value: round(median, 0), unit: "ms", goal: "≤ 1500", ok: median <= 1500 };
}
