// How many statements a plain run costs (issue 18: each is a round trip, and the 3-step REST run
// is made of little else). Counted with drizzle's own query logger on the test database of each
// kind: a 3-step run of pure nodes, started and finished through the run service, then its result
// read. A change that adds a statement to every run fails here and says which.
import assert from "node:assert/strict";
import { test } from "node:test";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import * as schema from "../../lib/db/schema";
import type { Db } from "../../lib/db/types";
import { getRunResult, startWorkflowRun } from "../../lib/runs/service";
import { describeEachDb } from "../support/db";
import { createUser, createWorkflowRow, edge, node, workflow } from "../runs/helpers";

/** Workflow and version lookup, run insert, run load, secrets; one checkpoint (lock, run, events, node runs, snapshot); the finish; the result read. */
const STATEMENTS_PER_RUN = 12;

describeEachDb("statements per run", (getTestDb) => {
  test(`a 3-step run of pure nodes costs ${STATEMENTS_PER_RUN} statements from start to result`, async () => {
    const handle = getTestDb().handle as unknown as { kind: "pglite" | "postgres"; client: never };
    const sent: string[] = [];
    const logger = { logQuery: (query: string) => void sent.push(query.replace(/\s+/g, " ").slice(0, 120)) };
    const db = (handle.kind === "pglite" ? drizzlePglite({ client: handle.client, schema, logger }) : drizzlePostgres({ client: handle.client, schema, logger })) as unknown as Db;
    const user = await createUser(db);
    const steps = ["a", "b", "c"].map((id, i) => node(id, "variable", { name: id, value: i }));
    const wf = await createWorkflowRow(db, user, workflow("three", [node("t", "trigger"), ...steps], [edge("t", "a"), edge("a", "b"), edge("b", "c")]));
    await (await startWorkflowRun(db, { userId: user }, wf, {}, "api")).done; // the first run makes the version
    sent.length = 0;
    const started = await startWorkflowRun(db, { userId: user }, wf, {}, "api");
    await started.done;
    const { result } = await getRunResult(db, { userId: user }, started.run.id);
    assert.equal(result?.status, "completed");
    assert.equal(sent.length, STATEMENTS_PER_RUN, `statements:\n${sent.join("\n")}`);
  });
});
