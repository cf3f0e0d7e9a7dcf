/**
 * `mcp`: calls one tool of an MCP server over Streamable HTTP (the official TypeScript SDK's
 * client). The URL and headers usually come from secrets ({{env.MCP_URL}}, an Authorization
 * header). Requests follow the http node's rules (guarded-fetch.ts: public addresses only unless
 * FLOWMAESTRO_ALLOW_PRIVATE_HTTP=1, connected to as checked, size cap). A tool that answers with
 * `isError` fails the node with MCP_TOOL_ERROR and the tool's text, routable down the error port;
 * the server's refusals (HTTP 401, an unknown tool) fail it with their status or MCP_ERROR.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport, StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { McpError } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { durationSchema, parseDuration } from "../duration";
import { ErrorCode, httpErrorCode, NodeError } from "../errors";
import { createGuardedFetch } from "../net/guarded-fetch";
import { systemResolver, type Resolver } from "../net/ssrf";
import { defineHandler } from "./types";

export const MCP_TOOL_ERROR = "MCP_TOOL_ERROR";
export const MCP_ERROR = "MCP_ERROR";

const configSchema = z.object({
  url: z.string().min(1, "the MCP server's URL, e.g. {{env.MCP_URL}}").describe("The server's Streamable HTTP endpoint, e.g. https://mcp.example.com/mcp or {{env.MCP_URL}}"),
  headers: z.record(z.string(), z.string()).optional().describe("Request headers, e.g. authorization: Bearer {{env.MCP_TOKEN}}"),
  tool: z.string().trim().min(1, "the tool's name").describe("The name of the tool to call"),
  arguments: z.record(z.string(), z.unknown()).optional().describe("The tool's arguments, an object matching its input schema"),
  timeoutMs: durationSchema.optional().describe('Time limit for the call: milliseconds or a duration like "30s"; default 60s'),
});
export type McpConfig = z.infer<typeof configSchema>;

type ToolContent = { type: string; text?: string };

const textOf = (content: ToolContent[]) =>
  content
    .filter((c) => c.type === "text" && typeof c.text === "string")
    .map((c) => c.text)
    .join("\n");

/** The SDK's failures as node errors: HTTP status, protocol error, or the network. */
function asNodeError(error: unknown, url: URL): unknown {
  if (error instanceof NodeError) return error;
  if (error instanceof StreamableHTTPError && typeof error.code === "number" && error.code >= 400) {
    return new NodeError(`HTTP ${error.code} from the MCP server ${url.origin}: ${error.message.replace(/^Streamable HTTP error: /, "")}`, httpErrorCode(error.code));
  }
  if (error instanceof McpError) return new NodeError(`the MCP server refused: ${error.message}`, MCP_ERROR, { retryable: false });
  const cause = (error as { cause?: unknown })?.cause ?? error;
  if (cause instanceof NodeError) return cause;
  return new NodeError(`could not reach the MCP server ${url.origin}: ${error instanceof Error ? error.message : String(error)}`, ErrorCode.NETWORK);
}

/** The handler with its DNS resolver injectable (tests); `mcpHandler` uses the system's. */
export function createMcpHandler(deps: { resolver: Resolver; ca?: string } = { resolver: systemResolver }) {
  return defineHandler<McpConfig>({
    type: "mcp",
    label: "MCP tool",
    keywords: ["mcp", "tool", "model context protocol", "agent"],
    description: "Call a tool of an MCP server (Streamable HTTP)",
    category: "action",
    configSchema,
    handles: () => ["source"],
    async execute(config, ctx) {
      let url: URL;
      try {
        url = new URL(config.url.trim());
      } catch {
        throw new NodeError(`url is not a valid absolute URL: "${config.url}"`, ErrorCode.VALIDATION_ERROR, { retryable: false });
      }
      const fetch = createGuardedFetch({ allowPrivate: ctx.options.allowPrivateHttp, resolver: deps.resolver, maxBytes: ctx.options.httpMaxResponseBytes, ca: deps.ca });
      const transport = new StreamableHTTPClientTransport(url, { fetch, requestInit: { headers: config.headers ?? {} } });
      const client = new Client({ name: "flowmaestro", version: "1.0.0" });
      const timeout = config.timeoutMs !== undefined ? parseDuration(config.timeoutMs)! : 60_000;
      try {
        await client.connect(transport, { signal: ctx.signal, timeout });
        const result = await client.callTool({ name: config.tool, arguments: config.arguments ?? {} }, undefined, { signal: ctx.signal, timeout });
        const content = (Array.isArray(result.content) ? result.content : []) as ToolContent[];
        if (result.isError) throw new NodeError(`the tool "${config.tool}" failed: ${textOf(content) || "no message"}`.slice(0, 2000), MCP_TOOL_ERROR, { retryable: false });
        return { kind: "done", output: { text: textOf(content), content, ...(result.structuredContent ? { structured: result.structuredContent } : {}) } };
      } catch (error) {
        if (ctx.signal.aborted) throw error;
        throw asNodeError(error, url);
      } finally {
        await client.close().catch(() => {});
      }
    },
  });
}

export const mcpHandler = createMcpHandler();
