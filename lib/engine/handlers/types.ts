/**
 * The contract between the scheduler and node types. Each node type is one
 * module exporting a `NodeHandler`; the registry is a map by type and the core
 * never switches on type names (spec section 4, last paragraph).
 */
import type { z } from "zod";

/** Limits and switches that handlers read; set by whoever runs the engine (CLI, app, Trigger.dev task). */
export interface HandlerOptions {
  /** Allow HTTP nodes to reach private, loopback and link-local addresses (FLOWMAESTRO_ALLOW_PRIVATE_HTTP=1). */
  allowPrivateHttp: boolean;
  /** Default per-request timeout of http nodes. */
  httpTimeoutMs: number;
  /** Largest HTTP response body read, in bytes; larger bodies fail the node. */
  httpMaxResponseBytes: number;
  /** Default time limit of one javascript execution. */
  scriptTimeoutMs: number;
  /** Memory limit of the javascript sandbox, in bytes. */
  scriptMemoryBytes: number;
  /** LLM prices in USD per million tokens by model name, over the built-in table (FLOWMAESTRO_LLM_PRICES). */
  llmPrices?: Record<string, { input: number; output: number }>;
  /** Starts child runs for `workflow` nodes (spec 4.1); set per run by the host (the CLI: files, the app: workflows). */
  workflows?: SubWorkflowHost;
  /** Runs the SQL of `postgres` nodes: the engine has no database driver (lib/integrations/postgres.ts is the host's). */
  sql?: SqlHost;
}

/** One statement a `postgres` node asks its host to run; the node has checked where it goes. */
export interface SqlQueryRequest {
  /** The postgres:// URL (user, password, host, port, database, sslmode). */
  url: URL;
  /** Connect to this address (the SSRF guard checked it), not to what the host name resolves to now; absent: private addresses are allowed. */
  address?: string;
  text: string;
  params: unknown[];
  /** Run it in a read-only transaction. */
  readOnly: boolean;
  /** Return at most this many rows (`truncated` says when there were more). */
  rowLimit: number;
  /** And at most this many bytes of rows as JSON text (`truncated` too). */
  maxBytes: number;
  timeoutMs: number;
  signal: AbortSignal;
}

export interface SqlQueryResult {
  /** JSON values: timestamps as ISO text, bytea as PostgreSQL hex text (\x0102), int8 and numeric as text. */
  rows: Record<string, unknown>[];
  /** Rows returned, or rows changed by a write without RETURNING. */
  rowCount: number;
  truncated: boolean;
}

export interface SqlHost {
  /** Throws NodeError: NETWORK, TIMEOUT, POSTGRES_ERROR (with the SQLSTATE). */
  query(request: SqlQueryRequest): Promise<SqlQueryResult>;
}

/** What a `workflow` node asks its host for: one child run. */
export interface ChildRunRequest {
  /** The resolved `workflow` config value: a path (command line) or a workflow id (app). */
  workflow: string;
  inputs: Record<string, unknown>;
  /** Wait for the child to end (true) or only for it to start (false). */
  wait: boolean;
  /**
   * Wait for the end here, in memory (an agent's tool call, in the middle of a model call), and
   * answer `running` only once the child waits for people: the agent then pauses on it. Not
   * durable until then: after a crash the agent starts again from its last pause and calls anew.
   */
  waitInProcess?: boolean;
  /** `call`: one of several children of one attempt (an agent's tool call id), so each gets its own run. */
  parent: { runId: string; nodeId: string; instance: string; attempt: number; call?: string };
  /** Aborted on the node's timeout or the parent's cancellation: the host cancels the child. */
  signal: AbortSignal;
}

/**
 * How the child ended (`started` when not waited for). The host throws NodeError itself for what
 * starts nothing: VALIDATION_ERROR (unknown workflow, inputs refused) and DEPTH_LIMIT.
 */
export interface ChildRunOutcome {
  runId: string;
  /** `running`: the host answers the node's waitpoint when the child ends (the app: durable, across restarts). */
  status: "completed" | "failed" | "cancelled" | "paused" | "started" | "running";
  outputs: Record<string, unknown>;
  /** The child's run error, with the code of the node that failed it. */
  error?: { message: string; code?: string };
}

/** A workflow offered to a model as a tool: its tool name, what it does, its inputs' JSON Schema. */
export interface WorkflowToolInfo {
  toolName: string;
  description: string;
  inputSchema: Record<string, unknown>;
}

export interface SubWorkflowHost {
  run(request: ChildRunRequest): Promise<ChildRunOutcome>;
  /** The workflow as a tool (agent nodes); throws NodeError VALIDATION_ERROR for one it can't find. */
  describe?(workflow: string): Promise<WorkflowToolInfo>;
  /**
   * A child run this run started (an agent's tool call that waited), waited for here again as
   * `waitInProcess` does: its end, or `running` while it still waits for people.
   */
  follow?(runId: string, signal: AbortSignal): Promise<ChildRunOutcome>;
}

export const defaultHandlerOptions: HandlerOptions = {
  allowPrivateHttp: false,
  httpTimeoutMs: 30_000,
  httpMaxResponseBytes: 10 * 1024 * 1024,
  scriptTimeoutMs: 1_000,
  scriptMemoryBytes: 64 * 1024 * 1024,
};

export interface ExecuteContext {
  runId: string;
  node: { id: string; type: string; name?: string };
  /** 1-based attempt number (retries); a re-dispatch after a crash keeps it. */
  attempt: number;
  /** The node instance as text (`fetch`, `loop1[2]/fetch`): `${runId}:${instance}:${attempt}` is stable across a crash. */
  instance: string;
  /** When this attempt first started (ms since epoch); a re-dispatched attempt resumes from it (delay). */
  attemptStartedAt: number;
  /**
   * The template scope of this node instance, read-only: `inputs`, `var`,
   * `env`, `run`, `loop`, `parallel` (inside containers) and the outputs of
   * nodes by id. `jsonata` and `javascript` without `input` see this object.
   */
  scope: Readonly<Record<string, unknown>>;
  /**
   * Resolves a deferred config field (see `NodeHandler.deferredFields`) against
   * the scope plus extra bindings, e.g. `ctx.resolve(config.mapping, { loop: { item, index } })`.
   */
  resolve(value: unknown, bindings?: Record<string, unknown>): unknown;
  /** What fired the run, for entry nodes: run inputs (manual/API/CLI), the request (webhook), `{ scheduledAt }` (schedule). */
  triggerPayload: unknown;
  /** Aborted on cancellation and on the node's timeout; http and delay must honour it. */
  signal: AbortSignal;
  /** Streams text while the node runs (LLM tokens). */
  emitChunk(chunk: string): void;
  options: HandlerOptions;
  /** Set when this execution goes on from a waitpoint: what the node's `resume` carried (ContinueResult). */
  resumed?: Record<string, unknown>;
}

/** A waitpoint a pausing node opens (approval, human_input; workflow: a child run to wait for). */
export interface PauseRequest {
  kind: "approval" | "human_input" | "workflow";
  /** How long until the waitpoint times out (node error TIMEOUT). */
  timeoutMs: number;
  /** What the waitpoint shows and needs (message, approvers, fields schema...), JSON. */
  details: Record<string, unknown>;
}

export type ExecuteResult =
  | {
      kind: "done";
      output: unknown;
      /** The handle selected; `source` when omitted. */
      handle?: string;
      /** Workflow variables to set (`variable` nodes). */
      variables?: Record<string, unknown>;
    }
  | { kind: "pause"; pause: PauseRequest };

/**
 * What `resume` may answer besides a result: run the node again, with `carry` as `ctx.resumed`
 * (an agent whose tool's child run ended goes on with its conversation). The same attempt.
 */
export type ContinueResult = { kind: "continue"; carry: Record<string, unknown> };

export interface WaitpointInfo {
  /** When the waitpoint opened, ms since epoch. */
  openedAt: number;
  /** When the decision arrived, ms since epoch. */
  resumedAt: number;
  details: Record<string, unknown>;
}

export type HandlerCategory = "trigger" | "action" | "data" | "logic" | "ai" | "human" | "container";

export interface NodeHandler<Config = unknown> {
  type: string;
  /** Palette metadata. */
  label: string;
  /** Other words people search the palette with (n8n's and SIM's names: "if", "switch", "code", "sleep"). */
  keywords?: readonly string[];
  description: string;
  category: HandlerCategory;
  /** Entry nodes (trigger, webhook, schedule) start runs. */
  entry?: boolean;
  /**
   * No effect outside the run and no wait (spec copy, "Durability"): running it again after a crash
   * changes nothing anyone relied on, so its transitions need no durable write of their own. Absent
   * means it may have effects (http, llm, mail, approvals, delay, sub-workflows): written around it.
   */
  pure?: boolean;
  /** The config after templates are resolved. Build-time validation ignores issues at template strings. */
  configSchema: z.ZodType<Config>;
  /** Top-level config keys never template-resolved (javascript `code`, jsonata `expression`). */
  rawFields?: readonly string[];
  /** Top-level config keys left unresolved for the handler to resolve per item with `ctx.resolve` (map `mapping`, filter `field`). */
  deferredFields?: readonly string[];
  /** The success handles this node can select, from its (unresolved) config. `error` is implicit for every node. */
  handles(config: unknown): string[];
  execute(config: Config, ctx: ExecuteContext): Promise<ExecuteResult>;
  /**
   * Completes a paused node with the waitpoint's input. Throws
   * NodeError(VALIDATION_ERROR) to refuse the input (the run stays paused).
   */
  resume?(config: Config, input: unknown, waitpoint: WaitpointInfo): ExecuteResult | ContinueResult;
  /**
   * Loads what the first execution would otherwise wait for (the javascript sandbox's WebAssembly
   * module). Called, not awaited, once per type when a run starts; a failure is ignored here and
   * reported by `execute`.
   */
  prepare?(options: HandlerOptions): Promise<void>;
  /**
   * Set for container types (loop, parallel): the scheduler runs the body
   * sub-plan per iteration instead of calling `execute`.
   */
  container?: ContainerDescriptor<Config>;
  /**
   * Makes completed top-level nodes of this type run outputs (spec section 6):
   * returns `[name, value]` from the config as written and the node's output.
   * Without it, `output` nodes publish `output.value` under `config.name` or their id.
   */
  runOutput?(config: Record<string, unknown>, output: unknown, nodeId: string): [string, unknown] | undefined;
}

/** What a container computes from its resolved config before the first iteration. */
export interface IterationPlan {
  /** The item of each iteration, or null when iterations are not known up front (while loops). */
  items: unknown[] | null;
  /** Number of iterations, or null (while loops). */
  total: number | null;
  /** Ends the container normally when reached (while loops), null for none; the engine's hard cap (10,000) still applies. */
  maxIterations: number | null;
  /** Iterations running at once: 1 for loops, `maxConcurrency` for parallels. */
  concurrency: number;
}

export interface ContainerDescriptor<Config = unknown> {
  /** The template root bound inside the body: `{{loop.*}}` or `{{parallel.*}}`. */
  binding: "loop" | "parallel";
  /** Throws NodeError (e.g. VALIDATION_ERROR) for unusable configs. */
  plan(config: Config): IterationPlan;
  /** The value bound to `binding` for iteration `index`. */
  bindings(plan: IterationPlan, index: number): Record<string, unknown>;
  /**
   * Checked before each iteration when present (while loops). `resolve`
   * resolves a deferred config value against the container's scope plus the
   * previous iteration's body outputs (null before the first).
   */
  shouldContinue?(config: Config, resolve: (value: unknown) => unknown, index: number): boolean;
  /** The container's output from the iteration results in index order (possibly truncated) and the number of iterations. */
  output(results: unknown[], count: number): Record<string, unknown>;
  /** The container's error message when iteration `index` failed with `message`. */
  failureMessage(index: number, message: string): string;
}

/** Erases the config type for storage in the registry. */
export type AnyNodeHandler = NodeHandler<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function defineHandler<Config>(handler: NodeHandler<Config>): NodeHandler<Config> {
  return handler;
}
