// Waves instead of dataflow, measured: bench/definitions.ts fanOut and chain on the embedded
// runtime vs the Trigger.dev adapter with the in-process stand-in (children run in this process,
// payloads through JSON). Prints waves and wall time; the platform's own per-wave latency (child
// runs starting, results coming back) is not in these numbers: add it per wave.
// Run: node --import tsx test/trigger/waves.bench.ts
import { performance } from "node:perf_hooks";
import { chain, fanOut } from "../../bench/definitions";
import { startRun } from "../../lib/engine";
import type { Db } from "../../lib/db/types";
import { planOf } from "../../lib/runs/plan";
import { runNodeAttempt } from "../../lib/runs/trigger/node";
import { createTriggerRuntime } from "../../lib/runs/trigger/runtime";
import { serialWaits } from "../../lib/runs/trigger/platform";
import { createStandIn } from "./stand-in";

const noDb = undefined as unknown as Db; // no secrets in these runs: the child never reads the database

async function measure(name: string, definition: unknown, concurrency?: number) {
  const built = planOf(definition);
  if (!built.ok) throw new Error(`${name}: ${built.problems[0]?.message}`);
  const plan = built.plan;
  let t = performance.now();
  const embedded = await startRun({ plan, trigger: { kind: "manual" } });
  const embeddedMs = performance.now() - t;
  const standIn = createStandIn((payload) => runNodeAttempt(payload as never, { db: noDb, signal: new AbortController().signal }));
  let waves = 0;
  t = performance.now();
  const onTrigger = await startRun({
    plan,
    trigger: { kind: "manual" },
    options: { ...(concurrency ? { concurrency } : {}), runtime: () => createTriggerRuntime({ platform: serialWaits(standIn.platform), onWave: () => waves++ }) },
  });
  const triggerMs = performance.now() - t;
  if (onTrigger.result.status !== embedded.result.status) throw new Error(`${name}: ${onTrigger.result.status} vs ${embedded.result.status}`);
  const nodes = Object.keys(embedded.result.nodes).length;
  console.log(
    `${name.padEnd(18)} nodes ${String(nodes).padStart(4)}  waves ${String(waves).padStart(4)}  batch sizes ${summarize(standIn.batches)}  embedded ${embeddedMs.toFixed(0)} ms  trigger stand-in ${triggerMs.toFixed(0)} ms`,
  );
}

const summarize = (sizes: number[]) => (sizes.length > 6 ? `${sizes.slice(0, 3).join(",")},…,${sizes.at(-1)}` : sizes.join(","));

await measure("fanOut(100, 50ms)", fanOut(100, 50));
await measure("fanOut(500, 50ms)", fanOut(500, 50));
await measure("fanOut(500) w1000", fanOut(500, 50), 1000);
await measure("chain(100)", chain(100));
await measure("chain(1000)", chain(1000));
