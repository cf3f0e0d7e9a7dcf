// The version history's owner-scoped queries on both databases: saving checkpoints reuses the
// latest version when nothing changed (as runs do), runs are counted, and user B sees nothing.
import assert from "node:assert/strict";
import { test } from "node:test";
import { eq } from "drizzle-orm";
import { workflows } from "@/lib/db/schema";
import { startWorkflowRun } from "@/lib/runs/service";
import type { WorkflowDefinition } from "@/lib/workflows/definition-types";
import { getWorkflowVersion, listWorkflowVersions, saveWorkflowVersion } from "@/lib/workflows/version-history";
import { describeEachAppDb } from "../api/support";
import { createUser, createWorkflowRow, edge, node, workflow } from "../runs/helpers";

const first = workflow("history", [node("t", "trigger"), node("o", "output", { name: "x", value: 1 })], [edge("t", "o")]) as unknown as WorkflowDefinition & { name: string };
const second = { ...first, nodes: [...first.nodes, { id: "o2", type: "output", config: { name: "y", value: 2 } }], edges: [...first.edges, { id: "t-o2", source: "t", target: "o2" }] } as WorkflowDefinition & { name: string };

describeEachAppDb("version history", (db) => {
  test("checkpoints, runs and restores read the owner's versions, newest first", async () => {
    const a = await createUser(db(), "a");
    const A = { userId: a };
    const id = await createWorkflowRow(db(), a, first);
    assert.deepEqual(await listWorkflowVersions(A, id, db()), []);

    const v1 = await saveWorkflowVersion(A, id, first, 0, db());
    assert.ok(v1.ok);
    assert.equal(v1.version, 1);
    assert.equal(v1.created, true);
    const again = await saveWorkflowVersion(A, id, first, 1, db());
    assert.deepEqual(again, { ...v1, created: false, revision: 2 }, "unchanged: the latest version is reused");

    const v2 = await saveWorkflowVersion(A, id, second, 2, db());
    assert.ok(v2.ok);
    assert.equal(v2.version, 2);
    const [row] = await db().select().from(workflows).where(eq(workflows.id, id));
    assert.deepEqual((row.definition as WorkflowDefinition).nodes.map((n) => n.id), ["t", "o", "o2"], "the draft is saved too");

    const run = await startWorkflowRun(db(), A, id, {}, "manual");
    await run.done;
    assert.equal(run.run.versionId, v2.id, "a run of the unchanged draft uses the saved version");

    const listed = await listWorkflowVersions(A, id, db());
    assert.deepEqual(listed?.map((v) => [v.version, v.runCount]), [[2, 1], [1, 0]]);
    const old = await getWorkflowVersion(A, id, v1.id, db());
    assert.equal(old?.version, 1);
    assert.deepEqual((old?.definition as WorkflowDefinition).nodes.map((n) => n.id), ["t", "o"]);
  });

  test("user B can't list, read or save versions of A's workflow", async () => {
    const a = await createUser(db(), "a");
    const b = await createUser(db(), "b");
    const A = { userId: a };
    const B = { userId: b };
    const id = await createWorkflowRow(db(), a, first);
    const v1 = await saveWorkflowVersion(A, id, first, 0, db());
    assert.ok(v1.ok);
    assert.equal(await listWorkflowVersions(B, id, db()), null);
    assert.equal(await getWorkflowVersion(B, id, v1.id, db()), null);
    assert.deepEqual(await saveWorkflowVersion(B, id, second, 1, db()), { ok: false, reason: "gone" });
    const otherWorkflow = await createWorkflowRow(db(), b, first);
    assert.equal(await getWorkflowVersion(B, otherWorkflow, v1.id, db()), null, "a version id under another workflow");
    assert.deepEqual((await listWorkflowVersions(A, id, db()))?.map((v) => v.version), [1], "nothing was added");
  });
});
