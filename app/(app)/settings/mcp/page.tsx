import type { Metadata } from "next";
import { publicOrigin } from "@/lib/approvals/public-url";
import { workspacePage } from "@/lib/workspaces/current";
import { can } from "@/lib/workspaces/roles";
import { getDb } from "@/lib/db/client";
import { toolSettingsOf } from "@/lib/mcp/tools";
import { setMcpToolAction } from "../actions";
import { McpToolForm } from "../_components/mcp-tool-form";

export const metadata: Metadata = { title: "MCP" };

/** The MCP server's endpoint and how to connect a client, and which workflows it offers as tools. */
export default async function McpSettingsPage() {
  const { user, workspace } = await workspacePage("view");
  const { db } = await getDb();
  const rows = await toolSettingsOf(db, { userId: user.id }, workspace.id);
  const endpoint = `${publicOrigin()}/api/mcp`;
  const config = JSON.stringify({ mcpServers: { flowmaestro: { url: endpoint, headers: { Authorization: "Bearer fm_…" } } } }, null, 2);
  return (
    <section aria-labelledby="mcp-heading" className="space-y-5">
      <div>
        <h2 id="mcp-heading" className="text-lg font-semibold text-zinc-900">
          MCP server
        </h2>
        <p className="mt-1 text-sm text-zinc-600">
          Let AI agents (Claude, Cursor, any MCP client) run your workflows as tools. A call starts a real run, shown in Runs, and answers its outputs. Connect with the endpoint below and an API key from the API keys tab.
        </p>
      </div>
      <div className="grid gap-3 rounded-2xl border border-zinc-200 bg-white p-4 shadow-xs sm:grid-cols-[auto_1fr]">
        <span className="text-sm font-medium text-zinc-700">Endpoint</span>
        <code className="font-mono text-sm break-all text-zinc-900" data-testid="mcp-endpoint">
          {endpoint}
        </code>
        <span className="text-sm font-medium text-zinc-700">Client config</span>
        <pre className="overflow-x-auto rounded-lg bg-zinc-50 p-3 font-mono text-xs text-zinc-800 ring-1 ring-zinc-200">{config}</pre>
      </div>
      <div>
        <h3 className="text-sm font-semibold text-zinc-900">Workflows offered as tools</h3>
        <p className="mt-0.5 text-sm text-zinc-600">A tool&apos;s arguments are the workflow&apos;s run inputs (set them on its Manual trigger). The description tells the model what it does.</p>
      </div>
      {rows.length === 0 ? (
        <p className="rounded-2xl border border-dashed border-zinc-300 px-4 py-8 text-center text-sm text-zinc-500">No workflows yet.</p>
      ) : (
        <div className="divide-y divide-zinc-100 overflow-hidden rounded-2xl border border-zinc-200 bg-white shadow-xs">
          {rows.map((row) => (
            <McpToolForm key={row.id} action={setMcpToolAction} workflow={row} editable={can(workspace.role, "edit")} />
          ))}
        </div>
      )}
    </section>
  );
}
