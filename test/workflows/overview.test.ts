// The workflows list on both databases: name search, run count and last run per workflow (the
// owner's only), duplicate; and importing a file (errors with a path).
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Db } from "../../lib/db/types";
import { createRun, newId } from "../../lib/runs/store";
import { importedWorkflow } from "../../lib/workflows/import-file";
import { listWorkflowOverviews } from "../../lib/workflows/overview";
import { copyName, duplicateWorkflow, getWorkflow } from "../../lib/workflows/queries";
import { templateDefinition } from "../../lib/workflows/templates";
import { personalWorkspaceOf } from "../../lib/workspaces/members";
import { describeEachDb } from "../support/db";
import { createUser, createWorkflowRow } from "../runs/helpers";

const definition = (name: string) => ({ version: 1, name, nodes: [{ id: "t", type: "trigger", config: {} }], edges: [] });

describeEachDb("workflow overviews", (getTestDb) => {
  const db = () => getTestDb().handle.db as Db;

  test("search by name (case-insensitive, wildcards literal); run count and latest run", async () => {
    const owner = await createUser(db());
    const stranger = await createUser(db(), "stranger");
    const invoices = await createWorkflowRow(db(), owner, definition("Invoice sync"));
    await createWorkflowRow(db(), owner, definition("100% coverage"));
    const theirs = await createWorkflowRow(db(), stranger, definition("Invoice chaser"));
    const run = (workflowId: string, ownerId: string, status: "completed" | "failed", minute: number) =>
      createRun(db(), { id: newId("run"), workflowId, ownerId, versionDefinition: definition("v"), trigger: "api", runtime: "embedded", status, startedAt: new Date(Date.UTC(2026, 0, 1, 0, minute)) });
    await run(invoices, owner, "completed", 1);
    const latest = await run(invoices, owner, "failed", 2);
    await run(theirs, stranger, "completed", 3);

    const me = { userId: owner };
    const them = { userId: stranger };
    const mine = await personalWorkspaceOf(db(), owner);
    const theirSpace = await personalWorkspaceOf(db(), stranger);
    const all = await listWorkflowOverviews(me, mine, {}, db());
    assert.deepEqual(all.map((w) => w.name).sort(), ["100% coverage", "Invoice sync"]);
    const invoice = all.find((w) => w.id === invoices)!;
    assert.equal(invoice.runCount, 2);
    assert.deepEqual([invoice.lastRun?.id, invoice.lastRun?.status, invoice.lastRun?.startedAt.toISOString()], [latest.id, "failed", "2026-01-01T00:02:00.000Z"]);
    const never = all.find((w) => w.id !== invoices)!;
    assert.deepEqual([never.runCount, never.lastRun], [0, null]);

    assert.deepEqual((await listWorkflowOverviews(me, mine, { search: "INVOICE" }, db())).map((w) => w.id), [invoices]);
    assert.deepEqual((await listWorkflowOverviews(me, mine, { search: "0%" }, db())).map((w) => w.name), ["100% coverage"]);
    assert.deepEqual(await listWorkflowOverviews(me, mine, { search: "_" }, db()), []);
    assert.deepEqual((await listWorkflowOverviews(them, theirSpace, { search: "invoice" }, db())).map((w) => w.id), [theirs]);
    assert.deepEqual(await listWorkflowOverviews(them, mine, {}, db()), [], "a workspace the stranger isn't a member of lists nothing");
  });

  test("duplicate copies the draft under a new name; someone else's workflow is not found", async () => {
    const owner = await createUser(db());
    const stranger = await createUser(db(), "stranger");
    const original = await createWorkflowRow(db(), owner, templateDefinition("loop-javascript") as { name: string });
    const me = { userId: owner };
    const copy = await duplicateWorkflow(me, original, db());
    assert.ok(copy);
    assert.notEqual(copy.id, original);
    assert.equal(copy.name, "Copy of Loop over a list with JavaScript");
    const loaded = await getWorkflow(me, copy.id, db());
    const source = await getWorkflow(me, original, db());
    assert.deepEqual(loaded?.definition, { ...(source?.definition as object), name: copy.name });
    assert.equal(await duplicateWorkflow({ userId: stranger }, original, db()), null);
    assert.equal([...copyName("x".repeat(120))].length, 120);
  });
});

test("importing a file: a definition or a template file; shape errors name their path", () => {
  const ok = importedWorkflow(JSON.stringify(definition("From a file")), "ignored.json");
  assert.ok(ok.ok);
  assert.equal(ok.name, "From a file");
  assert.ok((ok.definition.nodes as { position?: unknown }[]).every((n) => n.position), "laid out when positions are missing");
  const unnamed = importedWorkflow(JSON.stringify({ ...definition(""), name: undefined }), "nightly-sync.flowmaestro.json");
  assert.ok(unnamed.ok && unnamed.name === "nightly-sync");
  const template = importedWorkflow(JSON.stringify({ name: "T", description: "d", category: "Data", definition: definition("Wrapped") }), "t.json");
  assert.ok(template.ok && template.name === "Wrapped");
  const bad = importedWorkflow(JSON.stringify({ version: 1, nodes: [{ id: "a", type: "trigger" }, { id: "b" }] }), "bad.json");
  assert.ok(!bad.ok);
  assert.ok(bad.errors.some((e) => e.startsWith("nodes[1].type:")), bad.errors.join("; "));
  const notJson = importedWorkflow("{ nope", "x.json");
  assert.ok(!notJson.ok && /^Not JSON/.test(notJson.errors[0]));
  const twice = importedWorkflow(JSON.stringify({ version: 1, nodes: [{ id: "a", type: "trigger" }, { id: "a", type: "trigger" }] }), "x.json");
  assert.ok(!twice.ok && twice.errors[0] === 'nodes[1].id: "a" is used twice');
});
