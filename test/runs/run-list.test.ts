// The Runs page's query on both databases: one workspace's runs only, newest first, filtered by
// status, workflow and run-id search, paginated; a stranger finds nothing of anyone else's.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createRun, listRunsOfWorkspace, newId, runListQuerySchema, saveCheckpoint } from "../../lib/runs/store";
import type { Db } from "../../lib/db/types";
import { personalWorkspaceOf } from "../../lib/workspaces/members";
import { describeEachDb } from "../support/db";
import { createUser, createWorkflowRow } from "./helpers";

const definition = (name: string) => ({ version: 1, name, nodes: [{ id: "t", type: "trigger", config: {} }], edges: [] });

describeEachDb("runs list", (getTestDb) => {
  const db = () => getTestDb().handle.db as Db;

  async function seed() {
    const owner = await createUser(db(), "owner");
    const stranger = await createUser(db(), "stranger");
    const alpha = await createWorkflowRow(db(), owner, definition("Alpha"));
    const beta = await createWorkflowRow(db(), owner, definition("Beta"));
    const theirs = await createWorkflowRow(db(), stranger, definition("Theirs"));
    const ids: string[] = [];
    const add = async (workflowId: string, ownerId: string, status: "completed" | "failed" | "paused", minute: number) => {
      const id = newId("run");
      await createRun(db(), { id, workflowId, ownerId, versionDefinition: definition("v"), trigger: "manual", runtime: "embedded", status, startedAt: new Date(Date.UTC(2026, 0, 1, 0, minute)) });
      if (ownerId === owner) ids.push(id);
      return id;
    };
    for (let i = 0; i < 5; i++) await add(alpha, owner, i % 2 === 0 ? "completed" : "failed", i);
    await add(beta, owner, "paused", 10);
    const strangersRun = await add(theirs, stranger, "completed", 20);
    const ownerWs = await personalWorkspaceOf(db(), owner);
    const strangerWs = await personalWorkspaceOf(db(), stranger);
    return { owner, stranger, ownerWs, strangerWs, alpha, beta, ids, strangersRun };
  }

  test("newest first with the workflow's name; filters by status and workflow", async () => {
    const s = await seed();
    const all = await listRunsOfWorkspace(db(), { userId: s.owner }, s.ownerWs);
    assert.equal(all.total, 6);
    assert.deepEqual(all.rows.map((r) => r.id), [...s.ids].reverse());
    assert.deepEqual([all.rows[0].workflowName, all.rows[0].status, all.rows[0].trigger], ["Beta", "paused", "manual"]);
    const failed = await listRunsOfWorkspace(db(), { userId: s.owner }, s.ownerWs, { status: "failed" });
    assert.deepEqual(failed.rows.map((r) => r.id), [s.ids[3], s.ids[1]]);
    const beta = await listRunsOfWorkspace(db(), { userId: s.owner }, s.ownerWs, { workflow: s.beta });
    assert.deepEqual(beta.rows.map((r) => r.workflowName), ["Beta"]);
  });

  test("search by part of a run id; LIKE wildcards match only themselves", async () => {
    const s = await seed();
    const target = s.ids[2];
    const found = await listRunsOfWorkspace(db(), { userId: s.owner }, s.ownerWs, { q: target.slice(4, 16) });
    assert.deepEqual(found.rows.map((r) => r.id), [target]);
    assert.equal((await listRunsOfWorkspace(db(), { userId: s.owner }, s.ownerWs, { q: "%" })).total, 0);
    assert.equal((await listRunsOfWorkspace(db(), { userId: s.owner }, s.ownerWs, { q: "run_" })).total, 6);
  });

  test("pages of a fixed size; a page past the end shows the last one", async () => {
    const s = await seed();
    const first = await listRunsOfWorkspace(db(), { userId: s.owner }, s.ownerWs, { page: 1 }, 4);
    const second = await listRunsOfWorkspace(db(), { userId: s.owner }, s.ownerWs, { page: 2 }, 4);
    assert.deepEqual([first.rows.length, second.rows.length, first.pageCount], [4, 2, 2]);
    assert.deepEqual([...first.rows, ...second.rows].map((r) => r.id), [...s.ids].reverse());
    assert.deepEqual((await listRunsOfWorkspace(db(), { userId: s.owner }, s.ownerWs, { page: 99 }, 4)).rows.map((r) => r.id), second.rows.map((r) => r.id));
  });

  test("a stranger sees none of the owner's runs, even by exact id or workflow", async () => {
    const s = await seed();
    const mine = await listRunsOfWorkspace(db(), { userId: s.stranger }, s.strangerWs);
    assert.deepEqual(mine.rows.map((r) => r.id), [s.strangersRun]);
    assert.equal((await listRunsOfWorkspace(db(), { userId: s.stranger }, s.strangerWs, { q: s.ids[0] })).total, 0);
    assert.equal((await listRunsOfWorkspace(db(), { userId: s.stranger }, s.strangerWs, { workflow: s.alpha })).total, 0);
    assert.equal((await listRunsOfWorkspace(db(), { userId: s.owner }, s.ownerWs, { q: s.strangersRun })).total, 0);
    // Naming the other's workspace finds nothing either way: neither is a member of the other's.
    assert.equal((await listRunsOfWorkspace(db(), { userId: s.stranger }, s.ownerWs)).total, 0);
    assert.equal((await listRunsOfWorkspace(db(), { userId: s.stranger }, s.ownerWs, { q: s.ids[0] })).total, 0);
    assert.equal((await listRunsOfWorkspace(db(), { userId: s.owner }, s.strangerWs)).total, 0);
  });

  test("each run's model usage: tokens and cost summed over its node runs that recorded usage", async () => {
    const s = await seed();
    const [priced, unpriced, plain] = s.ids;
    const row = (nodeId: string, usage: unknown) => ({ nodeId, path: [], status: "completed" as const, usage });
    await saveCheckpoint(db(), priced, { state: { status: "running" }, seq: 0, nodeRuns: [row("a", { totalTokens: 100, cost: { usd: 0.002 } }), row("b", { totalTokens: 50, cost: { usd: 0.001 } })] });
    // A row from before usage was limited to llm nodes, with text where numbers belong: ignored, not an error.
    await saveCheckpoint(db(), unpriced, { state: { status: "running" }, seq: 0, nodeRuns: [row("a", { totalTokens: 40, cost: null }), row("b", { totalTokens: "many", cost: { usd: "free" } })] });
    const { rows } = await listRunsOfWorkspace(db(), { userId: s.owner }, s.ownerWs);
    const usage = (id: string) => rows.find((r) => r.id === id)?.usage;
    assert.deepEqual(usage(priced), { calls: 2, totalTokens: 150, usd: 0.003 });
    assert.deepEqual(usage(unpriced), { calls: 2, totalTokens: 40, usd: null });
    assert.equal(usage(plain), null);
  });
});

test("the page's query string: unusable values are dropped, not errors", () => {
  const defined = (value: object) => JSON.parse(JSON.stringify(value)) as unknown;
  assert.deepEqual(defined(runListQuerySchema.parse({ status: "done", page: "-3", q: "  ", workflow: ["a", "b"] })), { page: 1 });
  assert.deepEqual(defined(runListQuerySchema.parse({ status: "failed", page: "2", q: " run_ab " })), { status: "failed", page: 2, q: "run_ab" });
});
