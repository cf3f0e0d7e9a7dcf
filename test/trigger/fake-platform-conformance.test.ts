// The spec's 13 conformance cases on Trigger.dev through the SDK's HTTP boundary: the app starts
// each run with startOnTrigger (POST /api/v1/tasks/execute-workflow/trigger), worker processes run
// the coordinator and the node runs through @trigger.dev/sdk against the fake API (batch create +
// NDJSON items, waits, metadata), and the approval case is answered by the app's resume path,
// which completes the wait token with the real SDK call. Compared with the embedded runtime and
// with each case's expectations. PostgreSQL only (the tasks refuse PGlite).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { runs, waitpoints } from "../../lib/db/schema";
import type { RunResult } from "../../lib/engine";
import { resumeRunById } from "../../lib/runs/service";
import { listEvents } from "../../lib/runs/store";
import type { RunProgress } from "../../lib/runs/trigger/contract";
import { assertPausedLikeEmbedded, cases, subset } from "./cases";
import { fakePlatformSkip, startFakeTrigger, type FakeTrigger } from "./fake-platform/harness";
import { comparable, runEmbedded } from "./harness";

const skip = fakePlatformSkip();

describe("conformance on Trigger.dev through the SDK and a fake API", { skip }, () => {
  let fake: FakeTrigger;
  before(async () => {
    fake = await startFakeTrigger();
  });
  after(() => fake?.close());

  for (const { file, c } of cases) {
    test(`${file}: ${c.name}`, { timeout: 60_000 }, async () => {
      const db = fake.db;
      const steps = c.resume ? [c.resume].flat() : [];
      const embedded = await runEmbedded(c.workflow, c.input, steps[0]);
      const { runId, ownerId, triggerRunId } = await fake.start(c.workflow, c.input ?? {});
      const progress = () => fake.server.state.run(triggerRunId)?.metadata.progress as RunProgress | undefined;

      if (embedded === "invalid") {
        assert.equal(c.expect.status, "invalid");
        assert.equal((await fake.ended(triggerRunId)).status, "COMPLETED");
        const [row] = await db.select().from(runs).where(eq(runs.id, runId));
        assert.equal(row.status, "failed");
        assert.match((row.error as { message: string }).message, /^the stored definition is invalid: \S+: /);
        return;
      }
      if (embedded.first.status === "paused") {
        const tokenId = await fake.waitingOnToken(triggerRunId);
        await assertPausedLikeEmbedded(db, runId, c, embedded.first);
        assert.equal(progress()?.status, "paused", "flushed to the platform before the wait");
        const [wp] = await db.select().from(waitpoints).where(eq(waitpoints.runId, runId));
        assert.equal(wp.triggerTokenId, tokenId);
        // The app's resume path records the answer, then completes the token: the real SDK call.
        await resumeRunById(db, { userId: ownerId }, runId, { waitpointId: wp.id }, steps[0].input);
        assert.equal(fake.server.state.tokens.get(tokenId)?.status, "COMPLETED");
      }
      const ended = await fake.ended(triggerRunId);
      assert.equal(ended.status, "COMPLETED", fake.logs());
      const [row] = await db.select().from(runs).where(eq(runs.id, runId));
      const stored = row.result as RunResult;
      assert.equal(row.status, embedded.last.status);
      assert.equal(row.triggerRunId, triggerRunId);
      assert.deepEqual(comparable(stored), comparable(embedded.last));
      assert.deepEqual(subset(steps.length ? steps[steps.length - 1].expect : c.expect, stored, "result"), []);
      const events = await listEvents(db, runId);
      assert.deepEqual(events.map((e) => e.seq), events.map((_, i) => i));
      assert.equal(events.at(-1)?.type, "run.finished");
      // The coordinator's own output stays small: the workflow's outputs are in the app's database.
      assert.ok(ended.result?.ok && Buffer.byteLength(ended.result.output ?? "") < 1024);
      assert.equal(progress()?.status, embedded.last.status);
      const batches = [...fake.server.state.batches.values()].filter((b) => b.parentRunId === triggerRunId);
      assert.equal(progress()?.wave, batches.length);
      assert.deepEqual(fake.server.state.violations, []);
    });
  }
});
