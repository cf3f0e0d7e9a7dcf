/**
 * The agent node's tools, as AI SDK tools: HTTP request templates (run by the http node's own
 * handler, so its address, size and timeout rules hold), every tool of the configured MCP servers
 * (../net/mcp-client.ts), and workflows, each call a child run of its own through the run's
 * sub-workflow host (the workflow node's: depth limit, inputs checked, linked to this node). A
 * tool's failure is thrown as an Error with the reason: the AI SDK hands it to the model as the
 * tool's result, so the model can recover.
 * Tool templates are not the engine's: `{{args.name}}` is the model's argument, `{{env.NAME}}` a
 * workspace secret, filled in here when the model calls the tool.
 */
import { dynamicTool, jsonSchema, type JSONSchema7, type ToolSet } from "ai";
import { ErrorCode, NodeError } from "../errors";
import { httpHandler } from "../handlers/http";
import type { ExecuteContext } from "../handlers/types";
import { mcpUrl, openMcp, type McpSession } from "../net/mcp-client";
import { withToolRetry, type OnToolRetry, type ToolRetry } from "./tool-retry";

export type HttpToolSpec = {
  kind: "http";
  name: string;
  description: string;
  method?: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  parameters?: Record<string, unknown>;
  retry?: ToolRetry;
};
export type McpToolsSpec = { kind: "mcp"; url: string; headers?: Record<string, string>; include?: string[]; retry?: ToolRetry };
export type WorkflowToolSpec = { kind: "workflow"; workflow: string; name?: string; description?: string };
export type ToolSpec = HttpToolSpec | McpToolsSpec | WorkflowToolSpec;

const NO_ARGS = { type: "object", properties: {} };
const PLACEHOLDER = /\{\{\s*(args|env)\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
const WHOLE = /^\{\{\s*(args|env)\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$/;
const text = (value: unknown) => (typeof value === "string" ? value : value === undefined || value === null ? "" : JSON.stringify(value));

/** Fills `{{args.x}}` and `{{env.X}}` in strings, deep; a whole-string placeholder keeps the value's type. */
export function fill(value: unknown, args: Record<string, unknown>, env: Readonly<Record<string, unknown>>): unknown {
  const pick = (scope: string, name: string) => (scope === "args" ? args[name] : env[name]);
  if (typeof value === "string") {
    const whole = WHOLE.exec(value);
    if (whole) return pick(whole[1]!, whole[2]!);
    return value.replace(PLACEHOLDER, (_m, scope: string, name: string) => text(pick(scope, name)));
  }
  if (Array.isArray(value)) return value.map((item) => fill(item, args, env));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, args, env)]));
  return value;
}

const reason = (error: unknown) => (error instanceof NodeError ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error));

function httpTool(spec: HttpToolSpec, ctx: ExecuteContext, onRetry: OnToolRetry) {
  const env = (ctx.scope.env ?? {}) as Readonly<Record<string, unknown>>;
  return dynamicTool({
    description: spec.description,
    inputSchema: jsonSchema((spec.parameters ?? NO_ARGS) as JSONSchema7),
    execute: async (input, { toolCallId }) => {
      const args = (input ?? {}) as Record<string, unknown>;
      const config = httpHandler.configSchema.safeParse({ method: spec.method ?? "GET", url: fill(spec.url, args, env), headers: fill(spec.headers ?? {}, args, env), ...(spec.body !== undefined ? { body: fill(spec.body, args, env) } : {}) });
      if (!config.success) throw new Error(`the tool's request is invalid: ${config.error.issues[0]?.message}`);
      try {
        // Each call its own Idempotency-Key (the node's, with the call's id): two calls of one
        // attempt are two requests, and a server that honours the key must not answer one for both.
        const call = { ...ctx, instance: `${ctx.instance}/${toolCallId}` };
        const result = await withToolRetry(spec.retry, ctx.signal, () => httpHandler.execute(config.data, call), onRetry);
        const output = result.kind === "done" ? (result.output as { status: number; data: unknown }) : null;
        return output ? { status: output.status, data: output.data } : null;
      } catch (error) {
        if (ctx.signal.aborted) throw error;
        throw new Error(reason(error));
      }
    },
  });
}

/** An error of a workflow tool whose child run failed: the step links to the run. */
class ChildRunFailed extends Error {
  constructor(message: string, readonly runId: string) {
    super(message);
  }
}

/**
 * A workflow tool's child run waits for people (an approval inside it): the agent stops after this
 * model call and its node pauses on the child (./agent-loop.ts), instead of failing the call.
 */
export class ChildRunWaiting extends Error {
  constructor(
    readonly runId: string,
    readonly workflow: string,
  ) {
    super(`the workflow's run ${runId} waits for people's input; the agent goes on when it ends`);
  }
}

/** The results workflow tools returned, with their child run (another tool's `runId` field is no link). */
const childResults = new WeakMap<object, string>();

/** The run a tool call started (a workflow tool's child run), from its result or its error. */
export function childRunOfCall(outcome: unknown): string | undefined {
  if (outcome instanceof ChildRunFailed) return outcome.runId;
  return outcome !== null && typeof outcome === "object" ? childResults.get(outcome) : undefined;
}

async function workflowTool(spec: WorkflowToolSpec, ctx: ExecuteContext): Promise<[string, ToolSet[string]]> {
  const host = ctx.options.workflows;
  if (!host?.describe) throw new NodeError("this runtime can't offer workflows as tools (no sub-workflow host)", ErrorCode.VALIDATION_ERROR, { retryable: false });
  const info = await host.describe(spec.workflow);
  const tool = dynamicTool({
    description: spec.description ?? info.description,
    inputSchema: jsonSchema(info.inputSchema as JSONSchema7),
    execute: async (input, { toolCallId }) => {
      const inputs = (input ?? {}) as Record<string, unknown>;
      const child = await callWorkflow(ctx, spec.workflow, inputs, toolCallId);
      if (child.status === "running") throw new ChildRunWaiting(child.runId, spec.workflow);
      return toolResultOf(child);
    },
  });
  return [spec.name ?? info.toolName, tool];
}

/**
 * One call of a workflow tool through the run's host, waited for in this process (the host
 * derives the child's id from the run, the node instance, the attempt and the call id).
 * `running`: the child waits for people, and the host answers the node's waitpoint when it ends.
 */
function callWorkflow(ctx: ExecuteContext, workflow: string, inputs: Record<string, unknown>, toolCallId: string) {
  const host = ctx.options.workflows;
  if (!host) throw new NodeError("this runtime can't offer workflows as tools (no sub-workflow host)", ErrorCode.VALIDATION_ERROR, { retryable: false });
  return host.run({
    workflow,
    inputs,
    wait: true,
    waitInProcess: true,
    parent: { runId: ctx.runId, nodeId: ctx.node.id, instance: ctx.instance, attempt: ctx.attempt, call: toolCallId },
    signal: ctx.signal,
  });
}

/** What the model gets for an ended child: its outputs, or (thrown) why it did not complete. */
export function toolResultOf(child: { runId: string; status: string; outputs: Record<string, unknown>; error?: { message: string; code?: string } }) {
  if (child.status === "completed") {
    const result = { runId: child.runId, outputs: child.outputs };
    childResults.set(result, child.runId);
    return result;
  }
  if (child.status === "paused") throw new ChildRunFailed(`the workflow's run ${child.runId} paused for people's input, which nothing here can wait for; it was cancelled`, child.runId);
  const why = child.error ? `${child.error.code ? `${child.error.code}: ` : ""}${child.error.message}` : "no reason given";
  throw new ChildRunFailed(`the workflow's run ${child.runId} ${child.status}: ${why}`, child.runId);
}

/** The tool set, and the MCP sessions to close when the agent is done. */
/** `onRetry`: told when a tool's call is tried again (its spec's `retry`), with the tool's name. */
export async function buildTools(
  specs: readonly ToolSpec[],
  ctx: ExecuteContext,
  timeout: number,
  onRetry: (tool: string, attempt: number, delayMs: number, error: NodeError) => void = () => {},
): Promise<{ tools: ToolSet; close(): Promise<void> }> {
  const tools: ToolSet = {};
  const sessions: McpSession[] = [];
  const close = async () => void (await Promise.all(sessions.map((s) => s.close())));
  const add = (name: string, tool: ToolSet[string]) => {
    if (tools[name]) throw new NodeError(`two tools are named "${name}": give them different names`, "VALIDATION_ERROR", { retryable: false });
    tools[name] = tool;
  };
  const env = (ctx.scope.env ?? {}) as Readonly<Record<string, unknown>>;
  try {
    for (const spec of specs) {
      if (spec.kind === "http") {
        add(spec.name, httpTool(spec, ctx, (...retry) => onRetry(spec.name, ...retry)));
        continue;
      }
      if (spec.kind === "workflow") {
        add(...(await workflowTool(spec, ctx)));
        continue;
      }
      const session = await openMcp(ctx, {}, mcpUrl(text(fill(spec.url, {}, env))), fill(spec.headers ?? {}, {}, env) as Record<string, string>, timeout);
      sessions.push(session);
      for (const found of await session.tools()) {
        if (spec.include && !spec.include.includes(found.name)) continue;
        add(
          found.name,
          dynamicTool({
            description: found.description ?? `The MCP tool ${found.name}`,
            inputSchema: jsonSchema(found.inputSchema as JSONSchema7),
            execute: async (input) => {
              const args = (input ?? {}) as Record<string, unknown>;
              const answer = await withToolRetry(spec.retry, ctx.signal, () => session.call(found.name, args), (...retry) => onRetry(found.name, ...retry));
              if (answer.isError) throw new Error(answer.text || "the tool failed without a message");
              return answer.structured ?? answer.text;
            },
          }),
        );
      }
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { tools, close };
}
