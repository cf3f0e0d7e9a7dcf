// Saves carry the revision they were based on, on both databases: of 20 simultaneous saves from
// one base exactly one lands and the others are told (nothing vanishes silently); a rename is a new
// revision too; saving again on the current revision overwrites. Concurrent first runs share one version.
import assert from "node:assert/strict";
import { test } from "node:test";
import { eq } from "drizzle-orm";
import { users, workflowVersions, workflows } from "../../lib/db/schema";
import { findVersionOrCreate } from "../../lib/runs/store";
import type { WorkflowDefinition } from "../../lib/workflows/definition-types";
import { createWorkflow, getWorkflow, renameWorkflow } from "../../lib/workflows/queries";
import { saveWorkflowDefinition } from "../../lib/workflows/save-definition";
import { saveWorkflowVersion } from "../../lib/workflows/version-history";
import type { Actor } from "../../lib/workspaces/access";
import { personalWorkspaceOf } from "../../lib/workspaces/members";
import { describeEachDb } from "../support/db";

const draft = (name: string, label: string): WorkflowDefinition =>
  ({ version: 1, name, nodes: [{ id: "trigger", type: "trigger", config: {}, position: { x: 0, y: 0 }, label }], edges: [] }) as unknown as WorkflowDefinition;
const labelOf = (definition: unknown) => (definition as { nodes: { label?: string }[] }).nodes[0].label;

describeEachDb("workflow saves", (getTestDb) => {
  const db = () => getTestDb().handle.db;
  async function owner(email: string): Promise<Actor> {
    const [row] = await db().insert(users).values({ email }).returning({ id: users.id });
    return { userId: row.id };
  }
  const create = async (actor: Actor, name: string) => createWorkflow(actor, await personalWorkspaceOf(db(), actor.userId), name, db());

  test("20 simultaneous saves from one revision: one lands, 19 are told it changed elsewhere", async () => {
    const me = await owner("saves@example.com");
    const { id } = await create(me, "Race");
    assert.equal((await getWorkflow(me, id, db()))?.revision, 0);
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => saveWorkflowDefinition(me, id, draft("Race", `edit ${i}`), 0, db())));
    const landed = outcomes.flatMap((o, i) => (o.ok ? [i] : []));
    assert.equal(landed.length, 1, JSON.stringify(outcomes));
    assert.deepEqual(outcomes.filter((o) => !o.ok), Array(19).fill({ ok: false, reason: "conflict", revision: 1 }));
    const stored = await getWorkflow(me, id, db());
    assert.equal(stored?.revision, 1);
    assert.equal(labelOf(stored?.definition), `edit ${landed[0]}`, "the stored draft is the one that was told it landed");
  });

  test("two tabs: the second is refused, then overwrites on the current revision", async () => {
    const me = await owner("tabs@example.com");
    const { id } = await create(me, "Tabs");
    assert.deepEqual(await saveWorkflowDefinition(me, id, draft("Tabs", "tab A"), 0, db()), { ok: true, revision: 1 });
    const stale = await saveWorkflowDefinition(me, id, draft("Tabs", "tab B"), 0, db());
    assert.deepEqual(stale, { ok: false, reason: "conflict", revision: 1 });
    assert.equal(labelOf((await getWorkflow(me, id, db()))?.definition), "tab A", "the refused save changed nothing");
    assert.deepEqual(await saveWorkflowDefinition(me, id, draft("Tabs", "tab B"), 1, db()), { ok: true, revision: 2 });
    assert.equal(labelOf((await getWorkflow(me, id, db()))?.definition), "tab B");
  });

  test("a rename is a new revision: a save based on the one before it conflicts; a stale conditional rename is refused", async () => {
    const me = await owner("rename@example.com");
    const { id } = await create(me, "Before");
    assert.deepEqual(await renameWorkflow(me, id, "After", db()), { ok: true, revision: 1 });
    assert.deepEqual(await saveWorkflowDefinition(me, id, draft("Before", "editor"), 0, db()), { ok: false, reason: "conflict", revision: 1 });
    assert.deepEqual(await renameWorkflow(me, id, "Again", db(), { baseRevision: 0 }), { ok: false, reason: "conflict", revision: 1 });
    assert.equal((await getWorkflow(me, id, db()))?.name, "After");
    assert.deepEqual(await renameWorkflow(me, id, "Again", db(), { baseRevision: 1 }), { ok: true, revision: 2 });
  });

  test("saving a version checks the revision like autosave does", async () => {
    const me = await owner("version@example.com");
    const { id } = await create(me, "Versions");
    const saved = await saveWorkflowVersion(me, id, draft("Versions", "v1"), 0, db());
    assert.equal(saved.ok && saved.revision, 1);
    assert.deepEqual(await saveWorkflowVersion(me, id, draft("Versions", "stale"), 0, db()), { ok: false, reason: "conflict", revision: 1 });
    const rows = await db().select().from(workflowVersions).where(eq(workflowVersions.workflowId, id));
    assert.deepEqual(rows.map((r) => labelOf(r.definition)), ["v1"], "no version of the refused draft");
  });

  test("someone else's workflow is gone, whatever the revision", async () => {
    const alice = await owner("alice-saves@example.com");
    const bob = await owner("bob-saves@example.com");
    const { id } = await create(alice, "Alice's");
    assert.deepEqual(await saveWorkflowDefinition(bob, id, draft("Bob's", "x"), 0, db()), { ok: false, reason: "gone" });
    assert.deepEqual(await renameWorkflow(bob, id, "Bob's", db()), { ok: false, reason: "gone" });
    assert.equal((await getWorkflow(alice, id, db()))?.revision, 0);
  });

  test("50 simultaneous first runs of one definition create one version, without errors", async () => {
    const me = await owner("runs@example.com");
    const { id } = await create(me, "Runs");
    const [row] = await db().select().from(workflows).where(eq(workflows.id, id));
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => findVersionOrCreate(db(), { workflowId: id, definition: row.definition })));
    const failed = results.filter((r) => r.status === "rejected");
    assert.deepEqual(failed, []);
    const ids = new Set(results.map((r) => (r.status === "fulfilled" ? r.value.id : "")));
    assert.equal(ids.size, 1);
    const versions = await db().select().from(workflowVersions).where(eq(workflowVersions.workflowId, id));
    assert.deepEqual(versions.map((v) => v.version), [1]);

    // A changed definition racing the unchanged one: two versions, each caller gets its own.
    const changed = { ...(row.definition as object), name: "Runs 2" };
    const mixed = await Promise.all(Array.from({ length: 20 }, (_, i) => findVersionOrCreate(db(), { workflowId: id, definition: i % 2 ? changed : row.definition })));
    for (const [i, version] of mixed.entries()) assert.equal((version.definition as { name: string }).name, i % 2 ? "Runs 2" : "Runs");
  });
});
