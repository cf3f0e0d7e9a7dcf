// The mcp node's tool list (lib/mcp/client-tools.ts), both databases, against an MCP server of the
// official SDK on a local port: the node's saved URL and headers with the workspace's secrets filled
// in; a stranger to the workflow learns nothing; a missing secret or another template is said.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { z } from "zod";
import type { Db } from "../../lib/db/types";
import { offeredTools } from "../../lib/mcp/client-tools";
import { setSecret } from "../../lib/secrets/store";
import { personalWorkspaceOf } from "../../lib/workspaces/members";
import { describeEachDb } from "../support/db";
import { startMcpServer, type LocalMcp } from "../support/mcp-server";
import { createUser, createWorkflowRow, node, workflow } from "../runs/helpers";

process.env.FLOWMAESTRO_ALLOW_PRIVATE_HTTP = "1";
let local: LocalMcp;
let url = "";
before(async () => {
  local = await startMcpServer((mcp) => mcp.registerTool("find_customer", { description: "Finds a customer by email", inputSchema: { email: z.string() } }, async () => ({ content: [{ type: "text", text: "ok" }] })), { token: "tools-token" });
  url = local.url;
});
after(() => local.close());

describeEachDb("the mcp node's tool list", (getTestDb) => {
  const db = () => getTestDb().handle.db as Db;

  test("lists the server's tools with the workspace's secrets; strangers and unknown secrets are refused with the reason", async () => {
    const owner = await createUser(db(), "owner");
    const config = { url: "{{env.CRM_MCP_URL}}", headers: { authorization: "Bearer {{env.CRM_TOKEN}}" }, tool: "" };
    const id = await createWorkflowRow(db(), owner, workflow("CRM", [node("t", "trigger"), node("crm", "mcp", config)], []));
    await assert.rejects(offeredTools(db(), { userId: owner }, id, "crm"), /url: no secret named CRM_MCP_URL/);
    const workspace = await personalWorkspaceOf(db(), owner);
    await setSecret(db(), workspace, owner, "CRM_MCP_URL", url);
    await setSecret(db(), workspace, owner, "CRM_TOKEN", "tools-token");
    const tools = await offeredTools(db(), { userId: owner }, id, "crm");
    assert.deepEqual(tools.map((t) => [t.name, t.description, Object.keys((t.inputSchema.properties ?? {}) as object)]), [["find_customer", "Finds a customer by email", ["email"]]]);
    const stranger = await createUser(db(), "stranger");
    await assert.rejects(offeredTools(db(), { userId: stranger }, id, "crm"), /No such workflow/);
    await assert.rejects(offeredTools(db(), { userId: owner }, id, "t"), /No mcp node "t"/);
    await setSecret(db(), workspace, owner, "CRM_TOKEN", "wrong");
    await assert.rejects(offeredTools(db(), { userId: owner }, id, "crm"), (error: Error & { code?: string }) => error.code === "HTTP_401");
    const templated = await createWorkflowRow(db(), owner, workflow("CRM 2", [node("crm", "mcp", { ...config, url: "{{inputs.url}}" })], []));
    await assert.rejects(offeredTools(db(), { userId: owner }, templated, "crm"), /only \{\{env\.NAME\}\} can be filled before a run/);
  });
});
