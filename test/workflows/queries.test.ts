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
import type { Actor } from "../../lib/workspaces/access";
import { personalWorkspaceOf } from "../../lib/workspaces/members";
import { describeEachDb } from "../support/db";

describeEachDb("workflow queries", (getTestDb) => {
  async function user(email: string): Promise<Actor> {
    const [row] = await getTestDb().handle.db.insert(users).values({ email }).returning({ id: users.id });
    return { userId: row.id };
  }
  const personal = (actor: Actor) => personalWorkspaceOf(getTestDb().handle.db, actor.userId);

  test("a new workflow starts from the valid starter definition", async () => {
    const db = getTestDb().handle.db;
    const owner = await user("starter@example.com");
    const created = await createWorkflow(owner, await personal(owner), "Enrich signups", db);
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
    const aliceSpace = await personal(alice);
    const workflow = await createWorkflow(alice, aliceSpace, "Alice's", db);

    assert.deepEqual(await listWorkflows(bob, await personal(bob), db), []);
    assert.deepEqual(await listWorkflows(bob, aliceSpace, db), [], "not even naming Alice's workspace");
    assert.equal(await getWorkflow(bob, workflow.id, db), null);
    assert.equal((await renameWorkflow(bob, workflow.id, "Bob's now", db)).ok, false);
    assert.deepEqual(await deleteWorkflow(bob, workflow.id, db), { ok: false, reason: "gone" });

    const still = await getWorkflow(alice, workflow.id, db);
    assert.equal(still?.name, "Alice's");
  });

  test("renaming updates the name inside the definition too; deleting removes it", async () => {
    const db = getTestDb().handle.db;
    const owner = await user("carol@example.com");
    const space = await personal(owner);
    const workflow = await createWorkflow(owner, space, "Old", db);
    assert.equal((await renameWorkflow(owner, workflow.id, "New \"quoted\" name", db)).ok, true);
    const renamed = await getWorkflow(owner, workflow.id, db);
    assert.equal(renamed?.name, 'New "quoted" name');
    assert.equal((renamed?.definition as { name: string }).name, 'New "quoted" name');

    assert.deepEqual(await deleteWorkflow(owner, workflow.id, db), { ok: true, name: 'New "quoted" name', workspaceId: space });
    assert.equal(await getWorkflow(owner, workflow.id, db), null);
    assert.deepEqual(await listWorkflows(owner, space, db), []);
  });
});
