// The mcp node against an MCP server built with the official SDK (McpServer over its Streamable
// HTTP transport, on a local port): a tool's answer becomes the node's output (text, content,
// structured content); a tool that answers isError, an unknown tool and a wrong token fail the node
// with the server's words; private addresses are refused unless allowed, like the http node's.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { NodeError } from "../../lib/engine/errors";
import { MCP_TOOL_ERROR, mcpHandler } from "../../lib/engine/handlers/mcp";
import { startMcpServer, type LocalMcp } from "../support/mcp-server";
import { doneOutput, makeContext, rejectsWithCode, run } from "./helpers";

let local: LocalMcp;
let url = "";
const calls: { tool: string; args: unknown; authorization?: string }[] = [];
const allow = () => makeContext({ options: { allowPrivateHttp: true } });
const auth = { authorization: "Bearer mcp-secret" };

function registerTools(mcp: McpServer, authorization: string | undefined): void {
  mcp.registerTool("add", { description: "Adds two numbers", inputSchema: { a: z.number(), b: z.number() }, outputSchema: { sum: z.number() } }, async ({ a, b }) => {
    calls.push({ tool: "add", args: { a, b }, authorization });
    return { content: [{ type: "text", text: `${a} + ${b} = ${a + b}` }], structuredContent: { sum: a + b } };
  });
  mcp.registerTool("lookup", { description: "Finds a customer", inputSchema: { id: z.string() } }, async ({ id }) => {
    calls.push({ tool: "lookup", args: { id }, authorization });
    return { content: [{ type: "text", text: `no customer ${id}` }], isError: true };
  });
}

before(async () => {
  local = await startMcpServer((mcp, req) => registerTools(mcp, req.headers.authorization), { token: "mcp-secret" });
  url = local.url;
});
after(() => local.close());

describe("mcp node", () => {
  it("calls the tool with the arguments and the headers, and outputs its text, content and structured content", async () => {
    const out = doneOutput(await run(mcpHandler, { url, headers: auth, tool: "add", arguments: { a: 2, b: 40 } }, allow()));
    assert.deepEqual(out, { text: "2 + 40 = 42", content: [{ type: "text", text: "2 + 40 = 42" }], structured: { sum: 42 } });
    assert.deepEqual(calls.at(-1), { tool: "add", args: { a: 2, b: 40 }, authorization: "Bearer mcp-secret" });
  });

  it("a tool that answers isError fails the node with the tool's text (not retryable)", async () => {
    const error = await run(mcpHandler, { url, headers: auth, tool: "lookup", arguments: { id: "c-9" } }, allow()).catch((e: unknown) => e);
    assert.ok(error instanceof NodeError && error.code === MCP_TOOL_ERROR && error.message === 'the tool "lookup" failed: no customer c-9' && !error.retryable, String(error));
  });

  it("the server's refusals: an unknown tool or bad arguments (the SDK answers them as tool errors), a wrong token (HTTP_401)", async () => {
    const unknown = await run(mcpHandler, { url, headers: auth, tool: "nope" }, allow()).catch((e: unknown) => e);
    assert.ok(unknown instanceof NodeError && unknown.code === MCP_TOOL_ERROR && /Tool nope not found/.test(unknown.message), String(unknown));
    const badArgs = await run(mcpHandler, { url, headers: auth, tool: "add", arguments: { a: "two" } }, allow()).catch((e: unknown) => e);
    assert.ok(badArgs instanceof NodeError && badArgs.code === MCP_TOOL_ERROR && /expected number, received string at a/.test(badArgs.message), String(badArgs));
    const denied = await run(mcpHandler, { url, headers: { authorization: "Bearer wrong" }, tool: "add", arguments: { a: 1, b: 1 } }, allow()).catch((e: unknown) => e);
    assert.ok(denied instanceof NodeError && denied.code === "HTTP_401", String(denied));
  });

  it("refuses a private address unless allowed, an unreachable server, and bad settings, before calling", async () => {
    const before = calls.length;
    await rejectsWithCode(run(mcpHandler, { url, headers: auth, tool: "add", arguments: { a: 1, b: 2 } }), "SSRF_BLOCKED");
    await rejectsWithCode(run(mcpHandler, { url: "http://127.0.0.1:1/mcp", tool: "add" }, allow()), "NETWORK");
    await rejectsWithCode(run(mcpHandler, { url: "not a url", tool: "add" }, allow()), "VALIDATION_ERROR");
    await rejectsWithCode(run(mcpHandler, { url, tool: "" }, allow()), "VALIDATION_ERROR");
    assert.equal(calls.length, before, "no tool ran");
  });
});
