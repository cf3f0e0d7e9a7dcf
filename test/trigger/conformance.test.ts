// The spec's conformance cases through the Trigger.dev path (task run functions under
// runInMockTaskContext, platform calls through the stand-in), against a real database, compared
// with the embedded runtime and with each case's expectations.
import assert from "node:assert/strict";
import { test } from "node:test";
import { eq } from "drizzle-orm";
import { nodeRuns, runs, waitpoints } from "../../lib/db/schema";
import type { RunResult } from "../../lib/engine";
import { resumeRunById } from "../../lib/runs/service";
import { setTriggerControl } from "../../lib/runs/trigger/control";
import { listEvents } from "../../lib/runs/store";
import { describeEachDb } from "../support/db";
import { assertPausedLikeEmbedded, cases, casesDir as dir, subset } from "./cases";
import { comparable, createStoredRun, runEmbedded, withTriggerSession } from "./harness";

test("the conformance cases are here (13 copied from the shared spec)", () => {
  assert.ok(cases.length >= 13, `found ${cases.length} cases in ${dir}`);
});

describeEachDb("conformance on the Trigger.dev path", (getTestDb) => {
  for (const { file, c } of cases) {
    test(`${file}: ${c.name}`, async () => {
      const db = getTestDb().handle.db;
      const steps = c.resume ? [c.resume].flat() : [];
      const embedded = await runEmbedded(c.workflow, c.input, steps[0]);
      const { runId, ownerId } = await createStoredRun(db, c.workflow, c.input ?? {});

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
          await assertPausedLikeEmbedded(db, runId, c, embedded.first);
          assert.equal(progress()?.status, "paused");
          // The token id is on the waitpoint row; the app's resume path records the answer, then
          // completes the token (through the Trigger.dev control, answered here by the stand-in).
          const [wp] = await db.select().from(waitpoints).where(eq(waitpoints.runId, runId));
          assert.equal(wp.triggerTokenId, tokenId);
          assert.equal(wp.status, "open");
          setTriggerControl({ completeToken: async (id, data) => standIn.completeToken(id, data), cancelRun: async () => assert.fail("nothing is cancelled"), retrieveRun: async () => assert.fail("nothing is retrieved") });
          try {
            await resumeRunById(db, { userId: ownerId }, runId, { waitpointId: wp.id }, steps[0].input);
          } finally {
            setTriggerControl(null);
          }
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
