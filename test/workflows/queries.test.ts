// Workflow queries on both databases: every read and write is scoped to its owner.
import assert from "node:assert/strict";
import { test } from "node:test";
import { users } from "../../lib/db/schema";
import {
  createWorkflow,
  deleteWorkflow,
  getWorkflow,
  listWorkflows,
  renameWorkflow,
} from "../../lib/workflows/queries";
import { describeEachDb } from "../support/db";

describeEachDb("workflow queries", (getTestDb) => {
  async function user(email: string): Promise<string> {
    const [row] = await getTestDb().handle.db.insert(users).values({ email }).returning({ id: users.id });
    return row.id;
  }

  test("a new workflow starts from the valid starter definition", async () => {
    const db = getTestDb().handle.db;
    const owner = await user("starter@example.com");
    const created = await createWorkflow(owner, "Enrich signups", db);
    const loaded = await getWorkflow(owner, created.id, db);
    assert.deepEqual(loaded?.definition, {
      version: 1,
      name: "Enrich signups",
      nodes: [{ id: "trigger", type: "trigger", config: {}, position: { x: 0, y: 0 } }],
      edges: [],
    });
  });

  test("another owner can neither list, read, rename nor delete it", async () => {
    const db = getTestDb().handle.db;
    const alice = await user("alice@example.com");
    const bob = await user("bob@example.com");
    const workflow = await createWorkflow(alice, "Alice's", db);

    assert.deepEqual(await listWorkflows(bob, db), []);
    assert.equal(await getWorkflow(bob, workflow.id, db), null);
    assert.equal((await renameWorkflow(bob, workflow.id, "Bob's now", db)).ok, false);
    assert.equal(await deleteWorkflow(bob, workflow.id, db), null);

    const still = await getWorkflow(alice, workflow.id, db);
    assert.equal(still?.name, "Alice's");
  });

  test("renaming updates the name inside the definition too; deleting removes it", async () => {
    const db = getTestDb().handle.db;
    const owner = await user("carol@example.com");
    const workflow = await createWorkflow(owner, "Old", db);
    assert.equal((await renameWorkflow(owner, workflow.id, "New \"quoted\" name", db)).ok, true);
    const renamed = await getWorkflow(owner, workflow.id, db);
    assert.equal(renamed?.name, 'New "quoted" name');
    assert.equal((renamed?.definition as { name: string }).name, 'New "quoted" name');

    assert.deepEqual(await deleteWorkflow(owner, workflow.id, db), { name: 'New "quoted" name' });
    assert.equal(await getWorkflow(owner, workflow.id, db), null);
    assert.deepEqual(await listWorkflows(owner, db), []);
  });
});
