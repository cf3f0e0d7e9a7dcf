/**
 * A connection to an MCP server over Streamable HTTP (the official SDK's client) through the
 * guarded fetch: what the mcp node and the agent node's MCP tools share. Failures come back as
 * node errors: HTTP_<status> when the server refuses, MCP_ERROR for a protocol error, NETWORK.
 */
import { ErrorCode, httpErrorCode, NodeError } from "../errors";
import type { ExecuteContext } from "../handlers/types";
import { createGuardedFetch } from "./guarded-fetch";
import type { Resolver } from "./ssrf";

export const MCP_TOOL_ERROR = "MCP_TOOL_ERROR";
export const MCP_ERROR = "MCP_ERROR";

export type McpDependencies = { resolver?: Resolver; ca?: string };
type ToolContent = { type: string; text?: string };
export type McpToolAnswer = { text: string; content: ToolContent[]; structured?: unknown; isError: boolean };

export const mcpUrl = (raw: string): URL => {
  try {
    return new URL(raw.trim());
  } catch {
    throw new NodeError(`url is not a valid absolute URL: "${raw}"`, ErrorCode.VALIDATION_ERROR, { retryable: false });
  }
};

/**
 * The MCP SDK, loaded by the first connection: its zod schemas cost every process that never
 * calls a tool (the command line's start, issue 18) about 10 ms.
 */
const loadSdk = async () => {
  const [{ Client }, { StreamableHTTPClientTransport, StreamableHTTPError }, { McpError }] = await Promise.all([
    import("@modelcontextprotocol/sdk/client/index.js"),
    import("@modelcontextprotocol/sdk/client/streamableHttp.js"),
    import("@modelcontextprotocol/sdk/types.js"),
  ]);
  return { Client, StreamableHTTPClientTransport, StreamableHTTPError, McpError };
};
type Sdk = Awaited<ReturnType<typeof loadSdk>>;

/** The SDK's failures as node errors: HTTP status, protocol error, or the network. */
function mcpFailure({ StreamableHTTPError, McpError }: Sdk, error: unknown, url: URL): unknown {
  if (error instanceof NodeError) return error;
  if (error instanceof StreamableHTTPError && typeof error.code === "number" && error.code >= 400) {
    return new NodeError(`HTTP ${error.code} from the MCP server ${url.origin}: ${error.message.replace(/^Streamable HTTP error: /, "")}`, httpErrorCode(error.code));
  }
  if (error instanceof McpError) return new NodeError(`the MCP server refused: ${error.message}`, MCP_ERROR, { retryable: false });
  const cause = (error as { cause?: unknown })?.cause ?? error;
  if (cause instanceof NodeError) return cause;
  return new NodeError(`could not reach the MCP server ${url.origin}: ${error instanceof Error ? error.message : String(error)}`, ErrorCode.NETWORK);
}

export type McpSession = {
  tools(): Promise<{ name: string; description?: string; inputSchema: Record<string, unknown> }[]>;
  call(name: string, args: Record<string, unknown>): Promise<McpToolAnswer>;
  close(): Promise<void>;
};

/** What a connection needs of a node's context: its abort signal and the http rules. */
export type McpContext = { signal: AbortSignal; options: Pick<ExecuteContext["options"], "allowPrivateHttp" | "httpMaxResponseBytes"> };

/** Connects (the MCP handshake); the caller closes the session. */
export async function openMcp(ctx: McpContext, deps: McpDependencies, url: URL, headers: Record<string, string>, timeout: number): Promise<McpSession> {
  const fetch = createGuardedFetch({ allowPrivate: ctx.options.allowPrivateHttp, resolver: deps.resolver, maxBytes: ctx.options.httpMaxResponseBytes, ca: deps.ca });
  const sdk = await loadSdk();
  const { Client, StreamableHTTPClientTransport } = sdk;
  const client = new Client({ name: "flowmaestro", version: "1.0.0" });
  const options = { signal: ctx.signal, timeout };
  const guard = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      throw mcpFailure(sdk, error, url);
    }
  };
  await guard(() => client.connect(new StreamableHTTPClientTransport(url, { fetch, requestInit: { headers } }), options));
  return {
    tools: () => guard(async () => (await client.listTools(undefined, options)).tools.map((t) => ({ name: t.name, description: t.description, inputSchema: t.inputSchema as Record<string, unknown> }))),
    call: (name, args) =>
      guard(async () => {
        const result = await client.callTool({ name, arguments: args }, undefined, options);
        const content = (Array.isArray(result.content) ? result.content : []) as ToolContent[];
        const text = content.filter((c) => c.type === "text" && typeof c.text === "string").map((c) => c.text).join("\n");
        return { text, content, ...(result.structuredContent ? { structured: result.structuredContent } : {}), isError: result.isError === true };
      }),
    close: () => client.close().catch(() => {}),
  };
}
