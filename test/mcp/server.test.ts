// The MCP server (/api/mcp, lib/mcp) through the official MCP TypeScript SDK's client over real
// HTTP (a Node server in front of the route handler, as Next puts one), both databases: tools are
// the key owner's marked workflows with their input schemas; a call starts a real run and answers
// its outputs (progress while it runs), a failure or refused inputs as a tool error; no key, or a
// session cookie, is refused; another user's key sees none of the tools.
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { eq } from "drizzle-orm";
import * as mcpRoute from "../../app/api/mcp/route";
import { createApiKey } from "../../lib/auth/api-keys";
import { personalWorkspaceOf } from "../../lib/workspaces/members";
import { listAuditEvents } from "../../lib/audit/query";
import { runs } from "../../lib/db/schema";
import { toolNameOf } from "../../lib/engine/llm/workflow-tool";
import { setMcpTool } from "../../lib/mcp/tools";
import { createUser, createWorkflowRow, edge, node, workflow } from "../runs/helpers";
import { describeEachAppDb, sessionCookie } from "../api/support";

let server: http.Server;
let url = "";

/** Next's part: Node's request as a web Request to the route, the web Response streamed back. */
before(async () => {
  server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
    if (req.method !== "POST") {
      res.writeHead(405).end();
      return;
    }
    const response = await mcpRoute.POST(new Request(url, { method: "POST", headers, body: Buffer.concat(chunks) }));
    res.writeHead(response.status, Object.fromEntries(response.headers));
    const reader = response.body?.getReader();
    for (let next = await reader?.read(); next && !next.done; next = await reader!.read()) res.write(next.value);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/mcp`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function connect(headers: Record<string, string>): Promise<Client> {
  const client = new Client({ name: "flowmaestro-test", version: "1" });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  return client;
}

describeEachAppDb("MCP server", (db) => {
  test("lists the key owner's marked workflows and runs them through the official client", async () => {
    const owner = await createUser(db(), "mcp");
    const inputs = { type: "object", required: ["name"], properties: { name: { type: "string", minLength: 1 } } };
    const greet = await createWorkflowRow(db(), owner, workflow("Greet someone", [node("t", "trigger"), node("o", "output", { name: "greeting", value: "Hello {{inputs.name}}" })], [edge("t", "o")], { inputs }));
    const slow = await createWorkflowRow(db(), owner, workflow("Slow one", [node("t", "trigger"), node("wait", "delay", { ms: 2_500 }), node("o", "output", { name: "done", value: true })], [edge("t", "wait"), edge("wait", "o")]));
    const broken = await createWorkflowRow(db(), owner, workflow("Broken", [node("t", "trigger"), node("boom", "fail", { message: "no stock" })], [edge("t", "boom")]));
    await createWorkflowRow(db(), owner, workflow("Private", [node("t", "trigger")], []));
    assert.ok(await setMcpTool(db(), { userId: owner }, greet, { enabled: true, description: "Greets a person by name" }));
    for (const id of [slow, broken]) assert.ok(await setMcpTool(db(), { userId: owner }, id, { enabled: true, description: null }));
    const { key, apiKey } = await createApiKey(db(), { userId: owner }, await personalWorkspaceOf(db(), owner), "claude desktop", "admin");

    const client = await connect({ authorization: `Bearer ${key}` });
    try {
      const { tools } = await client.listTools();
      assert.deepEqual(tools.map((t) => t.name).sort(), [toolNameOf("Broken", broken), toolNameOf("Greet someone", greet), toolNameOf("Slow one", slow)].sort());
      const greetTool = tools.find((t) => t.title === "Greet someone")!;
      assert.equal(greetTool.description, "Greets a person by name");
      assert.deepEqual(greetTool.inputSchema, inputs);

      const greeted = await client.callTool({ name: greetTool.name, arguments: { name: "Ada" } });
      assert.equal(greeted.isError, undefined);
      assert.deepEqual((greeted.structuredContent as { outputs: unknown }).outputs, { greeting: "Hello Ada" });
      const runId = (greeted.structuredContent as { runId: string }).runId;
      const [row] = await db().select().from(runs).where(eq(runs.id, runId));
      assert.deepEqual([row.ownerId, row.workflowId, row.trigger, row.status], [owner, greet, "api", "completed"], "a real run, in the app");
      const [entry] = await listAuditEvents(db(), await personalWorkspaceOf(db(), owner), { limit: 1, action: "run.start" });
      assert.deepEqual([entry.objectId, entry.actorKind, entry.actorLabel, entry.detail], [runId, "api_key", apiKey.name, { workflowId: greet, via: "mcp" }]);

      const refused = await client.callTool({ name: greetTool.name, arguments: { name: 42 } });
      assert.equal(refused.isError, true);
      assert.match(JSON.stringify(refused.content), /inputs/);
      const nul = await client.callTool({ name: greetTool.name, arguments: { name: "A\u0000da" } });
      assert.equal(nul.isError, true, "a NUL character is refused with its path, not a database error");
      assert.match(JSON.stringify(nul.content), /name/);
      const failed = await client.callTool({ name: toolNameOf("Broken", broken), arguments: {} });
      assert.equal(failed.isError, true);
      assert.match(JSON.stringify(failed.content), /failed at node boom: no stock/);
      const unknown = await client.callTool({ name: "no_such_tool", arguments: {} });
      assert.equal(unknown.isError, true);

      const progress: number[] = [];
      const slowResult = await client.callTool({ name: toolNameOf("Slow one", slow), arguments: {} }, undefined, { onprogress: (p) => progress.push(p.progress) });
      assert.deepEqual((slowResult.structuredContent as { outputs: unknown }).outputs, { done: true });
      assert.ok(progress.length >= 1, `progress while the run ran: ${JSON.stringify(progress)}`);
    } finally {
      await client.close();
    }

    // Another user's key: none of these tools.
    const stranger = await createUser(db(), "stranger");
    const theirs = await connect({ authorization: `Bearer ${(await createApiKey(db(), { userId: stranger }, await personalWorkspaceOf(db(), stranger), "theirs", "admin")).key}` });
    try {
      assert.deepEqual((await theirs.listTools()).tools, []);
      const call = await theirs.callTool({ name: toolNameOf("Greet someone", greet), arguments: { name: "Eve" } });
      assert.equal(call.isError, true);
    } finally {
      await theirs.close();
    }
  });

  test("no API key, a revoked-looking key or a session cookie: refused before any MCP message", async () => {
    const owner = await createUser(db(), "cookie");
    const status401 = (message: RegExp) => (error: unknown) => (error as { code?: number }).code === 401 && message.test(String((error as Error).message));
    await assert.rejects(connect({}), status401(/send an API key/));
    await assert.rejects(connect({ authorization: `Bearer fm_${"x".repeat(43)}` }), status401(/not a live API key/));
    await assert.rejects(connect({ cookie: await sessionCookie(owner), origin: new URL(url).origin }), status401(/The MCP endpoint takes an API key/));
  });
});
