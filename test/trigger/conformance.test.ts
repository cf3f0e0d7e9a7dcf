// The spec's conformance cases through the Trigger.dev path (task run functions under
// runInMockTaskContext, platform calls through the stand-in), against a real database, compared
// with the embedded runtime and with each case's expectations.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { eq } from "drizzle-orm";
import { nodeRuns, runs, waitpoints } from "../../lib/db/schema";
import type { RunResult, RunState } from "../../lib/engine";
import { resultFromSnapshot } from "../../lib/runs/plan";
import { listEvents, listNodeRuns, loadRun } from "../../lib/runs/store";
import { planOf } from "../../lib/runs/plan";
import { describeEachDb } from "../support/db";
import { comparable, createStoredRun, runEmbedded, withTriggerSession } from "./harness";

interface Step { node: string; input: unknown; expect: Record<string, unknown> }
interface Case { name: string; workflow: { name: string }; input?: Record<string, unknown>; expect: Record<string, unknown>; resume?: Step | Step[] }

const dir = join(import.meta.dirname, "../conformance/cases");
const cases = readdirSync(dir).filter((f) => f.endsWith(".json")).sort().map((file) => ({ file, c: JSON.parse(readFileSync(join(dir, file), "utf8")) as Case }));

/** The shared runner's matching: every expected key present and equal; "__absent__" means missing. */
function subset(expected: unknown, actual: unknown, path: string): string[] {
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

test("the conformance cases are here (13 copied from the shared spec)", () => {
  assert.ok(cases.length >= 13, `found ${cases.length} cases in ${dir}`);
});

describeEachDb("conformance on the Trigger.dev path", (getTestDb) => {
  for (const { file, c } of cases) {
    test(`${file}: ${c.name}`, async () => {
      const db = getTestDb().handle.db;
      const steps = c.resume ? [c.resume].flat() : [];
      const embedded = await runEmbedded(c.workflow, c.input, steps[0]);
      const { runId } = await createStoredRun(db, c.workflow, c.input ?? {});

      await withTriggerSession(db, async ({ standIn, start, progress }) => {
        const finished = start(runId);
        if (embedded === "invalid") {
          assert.equal(c.expect.status, "invalid");
          const outcome = await finished;
          assert.equal(outcome.status, "failed");
          const [row] = await db.select().from(runs).where(eq(runs.id, runId));
          assert.equal(row.status, "failed");
          assert.match((row.error as { message: string }).message, /^the stored definition is invalid: \S+: /);
          return;
        }
        if (embedded.first.status === "paused") {
          const tokenId = await standIn.nextTokenWait();
          const loaded = await loadRun(db, runId);
          assert.equal(loaded?.run.status, "paused");
          const plan = planOf(c.workflow);
          assert.ok(plan.ok);
          const paused = resultFromSnapshot(plan.plan, loaded!.snapshot!.state as RunState, await listNodeRuns(db, runId));
          assert.deepEqual(comparable(paused), comparable(embedded.first));
          assert.deepEqual(subset(c.expect, paused, "result"), []);
          assert.equal(progress()?.status, "paused");
          // The token id is on the waitpoint row; the "approval page" completes it.
          const [wp] = await db.select().from(waitpoints).where(eq(waitpoints.runId, runId));
          assert.equal(wp.triggerTokenId, tokenId);
          assert.equal(wp.status, "open");
          standIn.completeToken(tokenId, { waitpointId: wp.id, input: steps[0].input, decidedBy: "tester" });
        }
        const outcome = await finished;
        const [row] = await db.select().from(runs).where(eq(runs.id, runId));
        const stored = row.result as RunResult;
        assert.equal(outcome.status, embedded.last.status);
        assert.equal(row.status, embedded.last.status);
        assert.equal(row.runtime, "trigger.dev");
        assert.deepEqual(comparable(stored), comparable(embedded.last));
        assert.deepEqual(subset(steps.length ? steps[steps.length - 1].expect : c.expect, stored, "result"), []);
        // Recorded like the embedded runtime: node_runs per instance, numbered events.
        const events = await listEvents(db, runId);
        assert.deepEqual(events.map((e) => e.seq), events.map((_, i) => i));
        assert.equal(events.at(-1)?.type, "run.finished");
        const nodes = await db.select().from(nodeRuns).where(eq(nodeRuns.runId, runId));
        for (const [nodeId, n] of Object.entries(stored.nodes)) {
          if (n.status === "pending") continue;
          assert.equal(nodes.find((r) => r.nodeId === nodeId && (r.path as unknown[]).length === 0)?.status, n.status, `node_runs row of ${nodeId}`);
        }
        assert.equal(progress()?.status, embedded.last.status);
        assert.deepEqual(standIn.violations, []);
        assert.equal(progress()?.wave, standIn.batches.length);
      });
    });
  }
});
