// How many statements a plain run costs (issue 18: each is a round trip, and the 3-step REST run
// is made of little else). Counted with drizzle's own query logger on the test database of each
// kind: a 3-step run of pure nodes, started and finished through the run service, then its result
// read the way `?wait=true` reads it (from the execution that ended the run). A change that adds a
// statement or a transaction (BEGIN and COMMIT: two round trips more) to every run fails here.
import assert from "node:assert/strict";
import { test } from "node:test";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import * as schema from "../../lib/db/schema";
import type { Db } from "../../lib/db/types";
import { getRunResult, startWorkflowRun } from "../../lib/runs/service";
import { describeEachDb } from "../support/db";
import { createUser, createWorkflowRow, edge, node, workflow } from "../runs/helpers";

/**
 * The workflow with the caller's role and its workspace's secrets; the run insert (its version known
 * from the previous run); one statement that is the run's last checkpoint and its end (no parent,
 * nothing open).
 * The result comes from the execution that ended the run: no read. (Before issue 18's third stop:
 * 12 statements in 3 transactions. The version and the run were read back, the last checkpoint was a
 * transaction of 6 statements and the end one of its own.)
 */
const STATEMENTS_PER_RUN = 3;
const TRANSACTIONS_PER_RUN = 0;

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
    let transactions = 0;
    const transaction = db.transaction.bind(db);
    db.transaction = ((...args: Parameters<Db["transaction"]>) => (transactions++, transaction(...args))) as Db["transaction"];
    sent.length = 0;
    const started = await startWorkflowRun(db, { userId: user }, wf, {}, "api");
    const result = await started.done;
    assert.equal(result?.status, "completed");
    assert.equal(sent.length, STATEMENTS_PER_RUN, `statements:\n${sent.join("\n")}`);
    assert.equal(transactions, TRANSACTIONS_PER_RUN);
    // What the execution handed over is what was stored.
    assert.deepEqual((await getRunResult(db, { userId: user }, started.run.id)).result, JSON.parse(JSON.stringify(result)));
  });
});
