/** The spec's conformance cases (test/conformance/cases) and the shared runner's matching, for the Trigger.dev paths. */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Db } from "../../lib/db/types";
import type { RunResult, RunState } from "../../lib/engine";
import { planOf, resultFromSnapshot } from "../../lib/runs/plan";
import { listNodeRuns, loadRun } from "../../lib/runs/store";
import { comparable } from "./harness";

export interface Step { node: string; input: unknown; expect: Record<string, unknown> }
export interface Case { name: string; workflow: { name: string }; input?: Record<string, unknown>; expect: Record<string, unknown>; resume?: Step | Step[] }

export const casesDir = join(import.meta.dirname, "../conformance/cases");
const all = readdirSync(casesDir).filter((f) => f.endsWith(".json")).sort().map((file) => ({ file, c: JSON.parse(readFileSync(join(casesDir, file), "utf8")) as Case }));
// Sub-workflow cases name definition files beside the workflow: the command line's form of the
// `workflow` node (spec 4.1), run by scripts/conformance.mjs and test/cli/subworkflows.test.ts.
export const cases = all.filter(({ c }) => !JSON.stringify(c.workflow).includes('"type":"workflow"'));

/** The shared runner's matching: every expected key present and equal; "__absent__" means missing. */
export function subset(expected: unknown, actual: unknown, path: string): string[] {
  if (expected && typeof expected === "object" && "__contains__" in expected) {
    const text = typeof actual === "string" ? actual : JSON.stringify(actual);
    return text?.includes(String((expected as { __contains__: unknown }).__contains__)) ? [] : [`${path}: no ${JSON.stringify(expected)} in ${text}`];
  }
  if (expected === null || typeof expected !== "object") return Object.is(expected, actual) ? [] : [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return [`${path}: expected ${expected.length} items, got ${JSON.stringify(actual)}`];
    return expected.flatMap((e, i) => subset(e, actual[i], `${path}[${i}]`));
  }
  if (!actual || typeof actual !== "object") return [`${path}: expected an object, got ${JSON.stringify(actual)}`];
  return Object.entries(expected).flatMap(([k, v]) => (v === "__absent__" ? (k in actual ? [`${path}.${k}: expected absent`] : []) : subset(v, (actual as Record<string, unknown>)[k], `${path}.${k}`)));
}

/**
 * A run paused on the Trigger.dev path agrees with the embedded runtime's pause and the case's
 * expectations (stored status, result from the snapshot). Returns the run's waitpoint rows.
 */
export async function assertPausedLikeEmbedded(db: Db, runId: string, c: Case, embeddedFirst: RunResult) {
  const loaded = await loadRun(db, runId);
  assert.equal(loaded?.run.status, "paused");
  const plan = planOf(c.workflow);
  assert.ok(plan.ok);
  const paused = resultFromSnapshot(plan.plan, loaded!.snapshot!.state as RunState, await listNodeRuns(db, runId));
  assert.deepEqual(comparable(paused), comparable(embeddedFirst));
  assert.deepEqual(subset(c.expect, paused, "result"), []);
}
