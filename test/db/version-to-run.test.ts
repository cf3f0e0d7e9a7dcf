// The version a run executes is remembered per process while its workflow's definition stays the
// same (lib/runs/store/versions.ts `versionToRun`, issue 18: no read per start). It must still name
// the newest version with that definition this process made or saved, and a remembered version whose
// row is gone must be forgotten after the one start that found out.
import assert from "node:assert/strict";
import { test } from "node:test";
import { eq } from "drizzle-orm";
import { workflowVersions } from "../../lib/db/schema";
import { createRun, findVersionOrCreate, newId, versionToRun } from "../../lib/runs/store";
import { describeEachDb } from "../support/db";
import { createUser, createWorkflowRow } from "../runs/helpers";

const definition = (name: string) => ({ version: 1, name, nodes: [{ id: "t", type: "trigger", config: {} }], edges: [] });

describeEachDb("the version a run executes", (getTestDb) => {
  const db = () => getTestDb().handle.db;

  test("a saved version with the same definition is the one runs use from then on", async () => {
    const workflowId = await createWorkflowRow(db(), await createUser(db()), definition("A"));
    const first = await versionToRun(db(), { workflowId, definition: definition("A") });
    assert.equal((await versionToRun(db(), { workflowId, definition: definition("A") })).id, first.id, "remembered");
    await findVersionOrCreate(db(), { workflowId, definition: definition("B") }); // "Save version" of B: v2
    const savedAgain = await findVersionOrCreate(db(), { workflowId, definition: definition("A") }); // and of A again: v3
    assert.equal(savedAgain.version, 3);
    assert.equal((await versionToRun(db(), { workflowId, definition: definition("A") })).id, savedAgain.id);
  });

  test("a remembered version whose row is gone fails one start, not every start", async () => {
    const workflowId = await createWorkflowRow(db(), await createUser(db()), definition("C"));
    const remembered = await versionToRun(db(), { workflowId, definition: definition("C") });
    await db().delete(workflowVersions).where(eq(workflowVersions.id, remembered.id));
    const start = async () => {
      const version = await versionToRun(db(), { workflowId, definition: definition("C") });
      return createRun(db(), { id: newId("run"), workflowId, versionId: version.id, trigger: "api", runtime: "embedded", status: "running", lease: { owner: "me", ttlMs: 60_000 } });
    };
    await assert.rejects(start());
    const run = await start();
    assert.notEqual(run.versionId, remembered.id);
  });
});
