/**
 * The mcp node's panel asks which tools its server offers (issue 17): the node's saved URL and
 * headers, with the workspace's secrets filled in ({{env.NAME}}), connected to like the node does
 * when it runs (the http node's address rules). Editors of the workflow only.
 */
import { defaultHandlerOptions } from "@/lib/engine/handlers/types";
import { mcpUrl, openMcp } from "@/lib/engine/net/mcp-client";
import type { Db } from "@/lib/db/types";
import { runtimeSettings } from "@/lib/runs/config";
import { RunServiceError } from "@/lib/runs/errors";
import { workflowFor } from "@/lib/runs/service";
import { secretsEnv } from "@/lib/secrets/store";
import type { Actor } from "@/lib/workspaces/access";

export type OfferedTool = { name: string; description: string | null; inputSchema: Record<string, unknown> };

const LIST_TIMEOUT_MS = 15_000;
const ENV = /\{\{\s*env\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** A setting with `{{env.X}}` filled in; any other template can't be known before a run. */
function filled(value: unknown, env: Record<string, string>, field: string): string {
  const text = typeof value === "string" ? value : "";
  const out = text.replace(ENV, (_m, name: string) => {
    if (!(name in env)) throw new RunServiceError("invalid", `${field}: no secret named ${name} in this workspace`);
    return env[name]!;
  });
  if (/\{\{/.test(out)) throw new RunServiceError("invalid", `${field}: only {{env.NAME}} can be filled before a run; write the rest out to list the tools`);
  return out;
}

export async function offeredTools(db: Db, actor: Actor, workflowId: string, nodeId: string): Promise<OfferedTool[]> {
  const workflow = await workflowFor(db, actor, workflowId, "edit");
  const nodes = ((workflow.definition as { nodes?: { id?: unknown; type?: unknown; config?: Record<string, unknown> }[] }).nodes ?? []);
  const node = nodes.find((n) => n.id === nodeId && n.type === "mcp");
  if (!node) throw new RunServiceError("invalid", `No mcp node "${nodeId}" in the saved draft (wait until it is saved)`);
  const env = await secretsEnv(db, workflow.workspaceId);
  const url = mcpUrl(filled(node.config?.url, env, "url"));
  const headers = Object.fromEntries(Object.entries((node.config?.headers ?? {}) as Record<string, unknown>).map(([k, v]) => [k, filled(v, env, `headers.${k}`)]));
  const settings = runtimeSettings().handler;
  const controller = new AbortController();
  const session = await openMcp({ signal: controller.signal, options: { allowPrivateHttp: settings.allowPrivateHttp === true, httpMaxResponseBytes: defaultHandlerOptions.httpMaxResponseBytes } }, {}, url, headers, LIST_TIMEOUT_MS);
  try {
    return (await session.tools()).map((t) => ({ name: t.name, description: t.description ?? null, inputSchema: t.inputSchema }));
  } finally {
    await session.close();
  }
}
