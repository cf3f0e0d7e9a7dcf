/** Test-local node types and shortcuts. Real engine parts, no mocks: these are just extra registered node types. */
import { z } from "zod";
import { buildPlan, startRun, type Plan, type RunEvent, type StartRunInput } from "../../lib/engine/index";
import { ErrorCode, NodeError } from "../../lib/engine/errors";
import { createRegistry } from "../../lib/engine/handlers/registry";
import { delayHandler } from "../../lib/engine/handlers/delay";
import { loopHandler } from "../../lib/engine/handlers/loop";
import { parallelHandler } from "../../lib/engine/handlers/parallel";
import { scheduleHandler } from "../../lib/engine/handlers/schedule";
import { triggerHandler } from "../../lib/engine/handlers/trigger";
import { webhookHandler } from "../../lib/engine/handlers/webhook";
import { defineHandler, type AnyNodeHandler } from "../../lib/engine/handlers/types";

const base = { label: "test", description: "test node", category: "data" as const };

/** Outputs `{ value }`; selects `handle` when given; declares `handles`. */
export const valueHandler = defineHandler({
  ...base,
  type: "value",
  configSchema: z.looseObject({ value: z.unknown().optional(), handle: z.string().optional(), handles: z.array(z.string()).optional(), num: z.number().optional() }),
  handles: (config) => ((config as { handles?: string[] }).handles ?? ["source"]),
  async execute(config) {
    return { kind: "done", output: { value: config.value ?? null }, handle: config.handle };
  },
});

/** Fails its first `failures` attempts with `code`, then outputs `{ attempt }`. */
export const flakyHandler = defineHandler({
  ...base,
  type: "flaky",
  configSchema: z.object({ failures: z.number(), code: z.string().default(ErrorCode.NETWORK) }),
  handles: () => ["source"],
  async execute(config, ctx) {
    if (ctx.attempt <= config.failures) throw new NodeError(`attempt ${ctx.attempt} failed`, config.code);
    return { kind: "done", output: { attempt: ctx.attempt } };
  },
});

/** Gates the test opens by name; a gated node finishes when its gate opens. */
export class Gates {
  private gates = new Map<string, { promise: Promise<void>; open: () => void }>();
  private get(name: string) {
    let gate = this.gates.get(name);
    if (!gate) {
      let open!: () => void;
      const promise = new Promise<void>((resolve) => (open = resolve));
      gate = { promise, open };
      this.gates.set(name, gate);
    }
    return gate;
  }
  open(name: string) {
    this.get(name).open();
  }
  wait(name: string) {
    return this.get(name).promise;
  }
}
export const gates = new Gates();

export const gateHandler = defineHandler({
  ...base,
  type: "gate",
  configSchema: z.object({ name: z.string() }),
  handles: () => ["source"],
  async execute(config) {
    await gates.wait(config.name);
    return { kind: "done", output: { gate: config.name } };
  },
});

/** Never finishes by itself; fails when its signal aborts (timeouts, cancellation). */
export const hangHandler = defineHandler({
  ...base,
  type: "hang",
  configSchema: z.looseObject({}),
  handles: () => ["source"],
  execute(_config, ctx) {
    return new Promise((_, reject) => ctx.signal.addEventListener("abort", () => reject(new NodeError("aborted", ErrorCode.CANCELLED))));
  },
});

export const boomHandler = defineHandler({
  ...base,
  type: "boom",
  configSchema: z.object({ message: z.string().default("boom"), code: z.string().default("FAIL") }),
  handles: () => ["source"],
  async execute(config) {
    throw new NodeError(config.message, config.code);
  },
});

/** Pauses; resume needs `{ ok: boolean }` and selects `yes`/`no`. */
export const askHandler = defineHandler({
  ...base,
  type: "ask",
  category: "human",
  configSchema: z.object({ question: z.string().default("?"), timeoutMs: z.number().default(60_000) }),
  handles: () => ["yes", "no"],
  async execute(config) {
    return { kind: "pause", pause: { kind: "approval", timeoutMs: config.timeoutMs, details: { question: config.question } } };
  },
  resume(config, input) {
    const parsed = z.object({ ok: z.boolean() }).safeParse(input);
    if (!parsed.success) throw new NodeError("input must be { ok: boolean }", ErrorCode.VALIDATION_ERROR);
    return { kind: "done", output: { ok: parsed.data.ok, question: config.question }, handle: parsed.data.ok ? "yes" : "no" };
  },
});

/**
 * Pauses until it has `rounds` answers, each answer sending it back to run (resume's ContinueResult)
 * with the answers so far as `ctx.resumed`; then outputs them and the attempt it ran in.
 */
export const converseHandler = defineHandler({
  ...base,
  type: "converse",
  configSchema: z.object({ rounds: z.number().default(2), flakyOnceResumed: z.boolean().default(false) }),
  handles: () => ["source"],
  async execute(config, ctx) {
    const answers = [...((ctx.resumed?.answers ?? []) as string[])];
    // A handler may work on its carry as it likes (the agent grows its conversation): the state's copy must not change.
    (ctx.resumed?.answers as string[] | undefined)?.push("scribbled by the handler");
    if (config.flakyOnceResumed && ctx.resumed && ctx.attempt === 1) throw new NodeError("the line dropped", ErrorCode.NETWORK);
    if (answers.length < config.rounds) return { kind: "pause", pause: { kind: "approval", timeoutMs: 60_000, details: { answers } } };
    return { kind: "done", output: { answers, attempt: ctx.attempt } };
  },
  resume(_config, input, waitpoint) {
    const say = (input as { say?: unknown }).say;
    if (typeof say !== "string") throw new NodeError("input must be { say: string }", ErrorCode.VALIDATION_ERROR);
    return { kind: "continue", carry: { answers: [...(waitpoint.details.answers as string[]), say] } };
  },
});

/** Outputs a string of `size` characters. */
export const bigHandler = defineHandler({
  ...base,
  type: "big",
  configSchema: z.object({ size: z.number() }),
  handles: () => ["source"],
  async execute(config) {
    return { kind: "done", output: { text: "x".repeat(config.size) } };
  },
});

/** Sets a workflow variable. */
export const setHandler = defineHandler({
  ...base,
  type: "set",
  configSchema: z.object({ name: z.string(), value: z.unknown() }),
  handles: () => ["source"],
  async execute(config) {
    return { kind: "done", output: { value: config.value }, variables: { [config.name]: config.value } };
  },
});

export const testHandlers: AnyNodeHandler[] = [
  triggerHandler,
  webhookHandler,
  scheduleHandler,
  loopHandler,
  parallelHandler,
  valueHandler,
  flakyHandler,
  gateHandler,
  hangHandler,
  boomHandler,
  askHandler,
  converseHandler,
  bigHandler,
  setHandler,
  delayHandler,
];
export const registry = createRegistry(testHandlers);

type N = { id: string; type: string; config?: Record<string, unknown>; parentId?: string; [k: string]: unknown };
/** A definition from nodes and `a->b` / `a-handle->b` edge strings. */
export function wf(nodes: N[], edges: string[], extra: Record<string, unknown> = {}) {
  return {
    version: 1,
    name: "test",
    ...extra,
    nodes: nodes.map((n) => ({ config: {}, ...n })),
    edges: edges.map((e, i) => {
      const m = /^(\w+)(?:-(\w+))?->(\w+)$/.exec(e);
      if (!m) throw new Error(`bad edge ${e}`);
      return { id: `e${i}`, source: m[1], target: m[3], ...(m[2] ? { sourceHandle: m[2] } : {}) };
    }),
  };
}

export function plan(definition: unknown): Plan {
  const built = buildPlan(definition, registry);
  if (!built.ok) throw new Error(`invalid: ${JSON.stringify(built.problems)}`);
  return built.plan;
}

/** Runs a definition, recording events. */
export async function run(definition: unknown, rest: Omit<StartRunInput, "plan"> = {}) {
  const events: RunEvent[] = [];
  const outcome = await startRun({ plan: plan(definition), ...rest, hooks: { ...rest.hooks, onEvent: (e) => (events.push(e), rest.hooks?.onEvent?.(e)) } });
  return { ...outcome, events };
}

export const eventIndex = (events: RunEvent[], type: RunEvent["type"], nodeId: string) =>
  events.findIndex((e) => e.type === type && "key" in e && e.key.nodeId === nodeId);
