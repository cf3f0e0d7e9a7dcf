// Marking workflows as MCP tools (lib/mcp/tools.ts), both databases: only the owner can, names
// follow MCP's rules, and a workflow without inputs takes an empty object.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Db } from "../../lib/db/types";
import { toolNameOf } from "../../lib/engine/llm/workflow-tool";
import { mcpDescriptionField, setMcpTool, toolWorkflows } from "../../lib/mcp/tools";
import { describeEachDb } from "../support/db";
import { createUser, createWorkflowRow, node, workflow } from "../runs/helpers";
import { personalWorkspaceOf } from "../../lib/workspaces/members";

test("tool names: letters, digits and underscores, at most 64, apart for equal names", () => {
  assert.equal(toolNameOf("Greet someone!", "3fa2c1d0-aaaa"), "greet_someone_3fa2c1");
  assert.equal(toolNameOf("Ünïcode 🚀", "abc"), "n_code_abc");
  assert.equal(toolNameOf("!!!", "12345678"), "workflow_123456");
  const long = toolNameOf("x".repeat(200), "ffffffff-1");
  assert.ok(long.length <= 64 && /^[a-z0-9_]+$/.test(long), long);
  assert.notEqual(toolNameOf("Same", "aaaaaa1"), toolNameOf("Same", "bbbbbb1"));
  assert.equal(mcpDescriptionField.safeParse("a\u0000b").success, false, "NUL refused before the database");
});

describeEachDb("MCP tools", (getTestDb) => {
  const db = () => getTestDb().handle.db as Db;

  test("only the owner marks a workflow; a stranger changes nothing and lists nothing", async () => {
    const owner = await createUser(db(), "owner");
    const stranger = await createUser(db(), "stranger");
    const id = await createWorkflowRow(db(), owner, workflow("Plain", [node("t", "trigger")], []));
    assert.equal(await setMcpTool(db(), { userId: stranger }, id, { enabled: true, description: "mine now" }), false, "setMcpToolAction as user B");
    assert.deepEqual(await toolWorkflows(db(), { userId: owner }, await personalWorkspaceOf(db(), owner)), []);
    assert.equal(await setMcpTool(db(), { userId: owner }, id, { enabled: true, description: "" }), true);
    const [tool] = await toolWorkflows(db(), { userId: owner }, await personalWorkspaceOf(db(), owner));
    assert.deepEqual([tool.name, tool.description, tool.inputSchema], ["Plain", null, { type: "object", properties: {} }]);
    assert.deepEqual(await toolWorkflows(db(), { userId: stranger }, await personalWorkspaceOf(db(), stranger)), []);
    assert.deepEqual(await toolWorkflows(db(), { userId: stranger }, await personalWorkspaceOf(db(), owner)), [], "naming the owner's workspace lists nothing either");
    await setMcpTool(db(), { userId: owner }, id, { enabled: false, description: null });
    assert.deepEqual(await toolWorkflows(db(), { userId: owner }, await personalWorkspaceOf(db(), owner)), []);
  });
});
