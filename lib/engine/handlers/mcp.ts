/**
 * `mcp`: calls one tool of an MCP server over Streamable HTTP (the official TypeScript SDK's
 * client, ../net/mcp-client.ts). The URL and headers usually come from secrets ({{env.MCP_URL}},
 * an Authorization header). Requests follow the http node's rules (public addresses only unless
 * FLOWMAESTRO_ALLOW_PRIVATE_HTTP=1, connected to as checked, size cap). A tool that answers with
 * `isError` fails the node with MCP_TOOL_ERROR and the tool's text, routable down the error port;
 * the server's refusals (HTTP 401, a protocol error) fail it with their status or MCP_ERROR.
 */
import { z } from "zod";
import { durationSchema, parseDuration } from "../duration";
import { NodeError } from "../errors";
import { MCP_ERROR, MCP_TOOL_ERROR, mcpUrl, openMcp, type McpDependencies } from "../net/mcp-client";
import { systemResolver } from "../net/ssrf";
import { defineHandler } from "./types";

export { MCP_ERROR, MCP_TOOL_ERROR };
export const DEFAULT_MCP_TIMEOUT_MS = 60_000;

const configSchema = z.object({
  url: z.string().min(1, "the MCP server's URL, e.g. {{env.MCP_URL}}").describe("The server's Streamable HTTP endpoint, e.g. https://mcp.example.com/mcp or {{env.MCP_URL}}"),
  headers: z.record(z.string(), z.string()).optional().describe("Request headers, e.g. authorization: Bearer {{env.MCP_TOKEN}}"),
  tool: z.string().trim().min(1, "the tool's name").describe("The name of the tool to call"),
  arguments: z.record(z.string(), z.unknown()).optional().describe("The tool's arguments, an object matching its input schema"),
  timeoutMs: durationSchema.optional().describe('Time limit for the call: milliseconds or a duration like "30s"; default 60s'),
});
export type McpConfig = z.infer<typeof configSchema>;

/** The handler with its DNS resolver injectable (tests); `mcpHandler` uses the system's. */
export function createMcpHandler(deps: McpDependencies = { resolver: systemResolver }) {
  return defineHandler<McpConfig>({
    type: "mcp",
    label: "MCP tool",
    keywords: ["mcp", "tool", "model context protocol"],
    description: "Call a tool of an MCP server (Streamable HTTP)",
    category: "action",
    configSchema,
    handles: () => ["source"],
    async execute(config, ctx) {
      const url = mcpUrl(config.url);
      const timeout = config.timeoutMs !== undefined ? parseDuration(config.timeoutMs)! : DEFAULT_MCP_TIMEOUT_MS;
      const session = await openMcp(ctx, deps, url, config.headers ?? {}, timeout);
      try {
        const answer = await session.call(config.tool, config.arguments ?? {});
        if (answer.isError) throw new NodeError(`the tool "${config.tool}" failed: ${answer.text || "no message"}`.slice(0, 2000), MCP_TOOL_ERROR, { retryable: false });
        return { kind: "done", output: { text: answer.text, content: answer.content, ...(answer.structured ? { structured: answer.structured } : {}) } };
      } finally {
        await session.close();
      }
    },
  });
}

export const mcpHandler = createMcpHandler();
