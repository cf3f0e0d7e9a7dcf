// Schedules: a `schedule` entry node fires runs; two schedulers on one database (two processes'
// worth: separate connections on PostgreSQL) fire each tick once.
import { test } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { openDb } from "../../lib/db/client";
import { runs, scheduleTicks } from "../../lib/db/schema";
import type { Db } from "../../lib/db/types";
import { settleActive } from "../../lib/runs/active";
import { claimTick, startSchedules, type Schedules } from "../../lib/runs/schedules";
import { describeEachDb } from "../support/db";
import { createUser, createWorkflowRow, edge, node, setDefinition, workflow } from "./helpers";

/** Resolves once `check()` holds; re-checks every 100 ms (a condition, never a fixed wait). */
async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 100)); 
}

describeEachDb("schedules", (getTestDb) => {
  test("every tick fires exactly once across two schedulers", { timeout: 30_000 }, async () => {
    const testDb = getTestDb();
    const db = testDb.handle.db as Db;
    const second = testDb.databaseUrl ? await openDb({ databaseUrl: testDb.databaseUrl, poolSize: 2 }) : null;
    const user = await createUser(db);
    const definition = workflow("tick", [node("s", "schedule", { cron: "* * * * * *", timezone: "Europe/Berlin" }), node("o", "output", { name: "at", value: "{{s.scheduledAt}}" })], [edge("s", "o")]);
    const workflowId = await createWorkflowRow(db, user, definition);
    const schedulers: Schedules[] = [await startSchedules(db), await startSchedules((second?.db as Db) ?? db)];
    try {
      await until(async () => (await db.select().from(scheduleTicks).where(eq(scheduleTicks.workflowId, workflowId))).length >= 2);
    } finally {
      await Promise.all(schedulers.map((s) => s.stop()));
    }
    await settleActive();
    const ticks = await db.select().from(scheduleTicks).where(eq(scheduleTicks.workflowId, workflowId));
    const fired = await db.select().from(runs).where(eq(runs.workflowId, workflowId));
    assert.equal(fired.length, ticks.length, "one run per tick");
    assert.deepEqual([...schedulers[0].fired, ...schedulers[1].fired].sort(), fired.map((r) => r.id).sort());
    assert.ok(fired.every((r) => r.trigger === "schedule" && r.status === "completed"));
    const at = fired.map((r) => (r.outputs as { at: string }).at).sort();
    assert.deepEqual(at, ticks.map((t) => t.scheduledAt.toISOString()).sort(), "the run outputs its tick's time");

    // A tick claimed twice: the second claim loses.
    const when = new Date("2030-01-01T00:00:00Z");
    assert.deepEqual(await Promise.all([claimTick(db, workflowId, "s", when), claimTick((second?.db as Db) ?? db, workflowId, "s", when)]).then((r) => r.sort()), [false, true]);

    // Removing the schedule node stops it on refresh.
    await setDefinition(db, workflowId, workflow("tick", [node("t", "trigger")], []));
    const again = await startSchedules(db);
    await again.refresh();
    await again.stop();
    await second?.close();
  });
});
