// An MCP server of the official SDK on a local port, stateless like our own /api/mcp (a server and
// a transport per request), for the tests of the mcp node, its tool list and the agent node.
// `token`: requests without `Authorization: Bearer <token>` get 401.
import { createServer, type IncomingMessage } from "node:http";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";

export type LocalMcp = { url: string; close(): Promise<void> };

export async function startMcpServer(register: (server: McpServer, request: IncomingMessage) => void, options: { token?: string } = {}): Promise<LocalMcp> {
  const http = createServer(async (req, res) => {
    if (options.token && req.headers.authorization !== `Bearer ${options.token}`) {
      res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error: "invalid token" }));
      return;
    }
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    const server = new McpServer({ name: "test-tools", version: "1.0.0" });
    register(server, req);
    res.on("close", () => void transport.close().then(() => server.close()));
    await server.connect(transport);
    await transport.handleRequest(req, res);
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(http.address() as { port: number }).port}/mcp`,
    close: () => new Promise<void>((resolve) => http.close(() => resolve())),
  };
}
