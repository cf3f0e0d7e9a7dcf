/**
 * The MCP server of /api/mcp (issue 17): the official TypeScript SDK's low-level `Server` over its
 * web-standard Streamable HTTP transport, stateless (a server per request, no session). The caller
 * is an API key's owner; `tools/list` answers their workflows marked as tools, `tools/call` starts
 * a real run (in the app's Runs, audited as the key) and answers its outputs, a failure as a tool
 * error with the reason, or, past the wait bound or at an approval, where the run stands. While
 * it runs, a client that sent a progress token gets a progress notification every second.
 */
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { Caller } from "@/lib/auth/api-keys";
import { auditRequest } from "@/lib/audit/context";
import { logUnexpected } from "@/lib/db/faults";
import type { Db } from "@/lib/db/types";
import { jsonValueIssues } from "@/lib/http/json";
import { RunServiceError } from "@/lib/runs/errors";
import { getRunResult, startWorkflowRun } from "@/lib/runs/service";
import { toolWorkflows } from "./tools";

const PROGRESS_EVERY_MS = 1_000;
/** How long a call waits for its run, like POST …/runs?wait=true. */
const waitBoundMs = () => Number(process.env.FLOWMAESTRO_API_WAIT_MS || 30_000);

const text = (value: string): CallToolResult["content"] => [{ type: "text", text: value }];
const failure = (message: string): CallToolResult => ({ isError: true, content: text(message) });

/** MCP takes API keys only (app/api/mcp/route.ts): the key's workspace is the tool set. */
const mcpWorkspace = (caller: Caller): string => caller.apiKey?.workspaceId ?? "";

export function mcpServer(db: Db, caller: Caller, request: Request): Server {
  const server = new Server({ name: "flowmaestro", version: "1" }, { capabilities: { tools: {} }, instructions: "Each tool runs one of the user's FlowMaestro workflows and answers its outputs." });

  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: (await toolWorkflows(db, caller, mcpWorkspace(caller))).map((tool) => ({
      name: tool.toolName,
      title: tool.name,
      description: tool.description ?? `Runs the workflow “${tool.name}”.`,
      inputSchema: tool.inputSchema as { type: "object" },
    })),
  }));

  server.setRequestHandler(CallToolRequestSchema, async (call, extra): Promise<CallToolResult> => {
    const tool = (await toolWorkflows(db, caller, mcpWorkspace(caller))).find((t) => t.toolName === call.params.name);
    if (!tool) return failure(`No tool named ${call.params.name}: list the tools for the current names`);
    const args = call.params.arguments ?? {};
    // What the REST route's body reader refuses (NUL, lone surrogates, deep nesting), with its path, before the database sees it.
    const issues = jsonValueIssues(args);
    if (issues.length) return failure(`inputs: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`);
    let started;
    try {
      started = await startWorkflowRun(db, caller, tool.id, args, "api");
    } catch (error) {
      if (error instanceof RunServiceError) return failure(`${error.message}${error.problems.length ? `: ${error.problems.map((p) => `${p.path}: ${p.message}`).join("; ")}` : ""}`);
      // The SDK would send the raw message (a failed query names its statement and values) to the client.
      logUnexpected("mcp tools/call", error);
      return failure("Something went wrong on our side; the run did not start");
    }
    const runId = started.run.id;
    await auditRequest(db, caller, request, { action: "run.start", objectId: runId, detail: { workflowId: tool.id, via: "mcp" } });
    const progressToken = call.params._meta?.progressToken;
    const startedAt = Date.now();
    const beat =
      progressToken === undefined
        ? undefined
        : setInterval(() => {
            const seconds = Math.round((Date.now() - startedAt) / 1000);
            void extra.sendNotification({ method: "notifications/progress", params: { progressToken, progress: seconds, message: `run ${runId} running for ${seconds} s` } }).catch(() => {});
          }, PROGRESS_EVERY_MS);
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const ended = await Promise.race([started.done.then(() => true), new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), waitBoundMs())))]);
      if (!ended) return { content: text(`The run ${runId} is still running; its result will be at /api/runs/${runId}.`), structuredContent: { runId, status: "running" } };
      const { result } = await getRunResult(db, caller, runId);
      if (!result) return failure(`The run ${runId} ended without a result`);
      if (result.status === "completed") return { content: text(JSON.stringify(result.outputs)), structuredContent: { runId, status: result.status, outputs: result.outputs } };
      if (result.status === "paused") {
        const waiting = (result.waiting ?? []).map((w) => `${w.kind} at ${w.nodeId}${w.url ? ` (${w.url})` : ""}`).join(", ");
        return { content: text(`The run ${runId} waits for ${waiting || "an answer"}; it continues once answered.`), structuredContent: { runId, status: "paused" } };
      }
      return failure(`The run ${runId} ${result.status}${result.error ? ` at node ${result.error.nodeId}: ${result.error.message}` : ""}`);
    } finally {
      clearTimeout(timer);
      clearInterval(beat);
    }
  });
  return server;
}

/** Answers one HTTP request of the MCP endpoint with a fresh stateless server. */
export async function handleMcpRequest(db: Db, caller: Caller, request: Request): Promise<Response> {
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  const server = mcpServer(db, caller, request);
  await server.connect(transport);
  return transport.handleRequest(request);
}
