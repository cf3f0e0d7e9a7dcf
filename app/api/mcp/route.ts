// POST /api/mcp: the MCP server (Streamable HTTP, stateless; lib/mcp/server.ts). Only an API key
// authenticates: MCP clients send it as `Authorization: Bearer fm_…`, never a browser's cookie.
// GET (a standalone event stream) and DELETE (sessions) are 405: a stateless server has neither.
import { asCaller } from "@/lib/http/caller";
import { jsonError } from "@/lib/http/body";
import { handleMcpRequest } from "@/lib/mcp/server";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  return asCaller(request, async (caller, db) => {
    if (caller.via !== "api-key") return jsonError(401, "The MCP endpoint takes an API key: send Authorization: Bearer <key> with a key from Settings → API keys", undefined, { "www-authenticate": 'Bearer realm="flowmaestro"' });
    return handleMcpRequest(db, caller, request);
  });
}
