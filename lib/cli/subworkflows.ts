/**
 * Sub-workflows on the command line (spec 4.1): a `workflow` node names a definition file,
 * relative to the file of the calling workflow. Each distinct file is read and built once per
 * process. Before a run, every file named literally is checked (recursively): a missing or
 * invalid one makes the caller invalid. Children run in this process as runs of their own; one
 * that pauses can't be answered from here, so it is cancelled (CHILD_PAUSED); children not waited
 * for are awaited before the process exits.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { buildPlan, cancelRun, formatProblems, newRunId, startRun, validateInputs, type HandlerOptions, type Plan, type Problem, type RunOutcome } from "../engine";
import { ErrorCode, NodeError } from "../engine/errors";
import { coreHandlers } from "../engine/handlers";
import { createRegistry } from "../engine/handlers/registry";
import type { ChildRunOutcome, SubWorkflowHost } from "../engine/handlers/types";
import { MAX_CALL_DEPTH } from "../engine/handlers/workflow";
import { toolInputSchema, toolNameOf } from "../engine/llm/workflow-tool";

type Loaded = { ok: true; definition: unknown; plan: Plan } | { ok: false; message: string };

/** Definition files by absolute path, each read and built once. */
export class WorkflowFiles {
  private readonly loaded = new Map<string, Loaded>();

  load(file: string): Loaded {
    let entry = this.loaded.get(file);
    if (!entry) {
      entry = read(file);
      this.loaded.set(file, entry);
    }
    return entry;
  }
}

function read(file: string): Loaded {
  if (!existsSync(file)) return { ok: false, message: "the file does not exist" };
  let definition: unknown;
  try {
    definition = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    return { ok: false, message: `the file is not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const built = buildPlan(definition, createRegistry(coreHandlers));
  if (!built.ok) return { ok: false, message: `the workflow is invalid: ${formatProblems(built.problems).replace(/\n/g, "; ")}` };
  return { ok: true, definition, plan: built.plan };
}

interface WorkflowNodeRef {
  index: number;
  id: string;
  workflow: string;
}

/** `workflow` nodes whose `workflow` is a literal path (a templated one is read when the node starts). */
function literalReferences(definition: unknown): WorkflowNodeRef[] {
  const nodes = (definition as { nodes?: unknown }).nodes;
  if (!Array.isArray(nodes)) return [];
  return nodes.flatMap((node: unknown, index) => {
    const { id, type, config } = (node ?? {}) as { id?: unknown; type?: unknown; config?: { workflow?: unknown } };
    const workflow = config?.workflow;
    return type === "workflow" && typeof workflow === "string" && workflow.trim() && !workflow.includes("{{") ? [{ index, id: String(id), workflow: workflow.trim() }] : [];
  });
}

/**
 * Reads every file the workflow in `file` names literally, and theirs (each distinct file once):
 * problems name the calling node and the file.
 */
export function checkReferencedFiles(files: WorkflowFiles, file: string, definition: unknown): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>([file]);
  const queue: { file: string; definition: unknown }[] = [{ file, definition }];
  while (queue.length > 0) {
    const caller = queue.shift()!;
    for (const ref of literalReferences(caller.definition)) {
      const target = resolve(dirname(caller.file), ref.workflow);
      const loaded = files.load(target);
      if (!loaded.ok) {
        const where = caller.file === file ? "" : ` (in ${caller.file})`;
        problems.push({ path: `nodes[${ref.index}].config.workflow`, message: `node "${ref.id}"${where} calls ${ref.workflow} (${target}): ${loaded.message}` });
        continue;
      }
      if (seen.has(target)) continue;
      seen.add(target);
      queue.push({ file: target, definition: loaded.definition });
    }
  }
  return problems;
}

interface HostContext {
  files: WorkflowFiles;
  /** The calling workflow's file (absolute). */
  file: string;
  /** The calling run's depth (the top-level run is 0). */
  depth: number;
  /** The top-level workflow file's folder: names in the chain are relative to it. */
  root: string;
  /** The calling chain, as file names relative to `root`. */
  chain: string[];
  env: Record<string, string>;
  handler: Partial<HandlerOptions>;
  /** Children not waited for: the process awaits them before it exits. */
  background: Set<Promise<unknown>>;
}

/** The host of a top-level run from `file`; `depth` and `chain` grow as children call children. */
export function createCliWorkflowHost(context: Omit<HostContext, "chain" | "root"> & Partial<Pick<HostContext, "chain" | "root">>): SubWorkflowHost {
  const root = context.root ?? dirname(context.file);
  const ctx: HostContext = { ...context, root, chain: context.chain ?? [relative(root, context.file)] };
  return {
    async describe(workflow) {
      const target = resolve(dirname(ctx.file), workflow);
      const loaded = ctx.files.load(target);
      if (!loaded.ok) throw new NodeError(`${workflow} (${target}): ${loaded.message}`, ErrorCode.VALIDATION_ERROR, { retryable: false });
      const { name, description, inputs } = (loaded.definition ?? {}) as { name?: unknown; description?: unknown; inputs?: unknown };
      const label = typeof name === "string" && name.trim() ? name : relative(root, target);
      return {
        toolName: toolNameOf(label),
        description: typeof description === "string" && description.trim() ? description : `Runs the workflow “${label}” and answers with its outputs`,
        inputSchema: toolInputSchema(inputs),
      };
    },
    async run(request): Promise<ChildRunOutcome> {
      const target = resolve(dirname(ctx.file), request.workflow);
      const label = relative(root, target) || target;
      if (ctx.depth + 1 > MAX_CALL_DEPTH) {
        throw new NodeError(`calls nest at most ${MAX_CALL_DEPTH} deep: ${[...ctx.chain, label].join(" → ")}`, ErrorCode.DEPTH_LIMIT, { retryable: false });
      }
      const loaded = ctx.files.load(target);
      if (!loaded.ok) throw new NodeError(`${request.workflow} (${target}): ${loaded.message}`, ErrorCode.VALIDATION_ERROR, { retryable: false });
      const checked = validateInputs(loaded.plan, request.inputs);
      if (!checked.ok) throw new NodeError(`the inputs don't fit ${request.workflow}: ${formatProblems(checked.problems).replace(/\n/g, "; ")}`, ErrorCode.VALIDATION_ERROR, { retryable: false });

      const runId = newRunId();
      const stop = new AbortController();
      const host = createCliWorkflowHost({ ...ctx, file: target, depth: ctx.depth + 1, chain: [...ctx.chain, label] });
      const common = { plan: loaded.plan, env: ctx.env, options: { handler: { ...ctx.handler, workflows: host } } };
      const running = startRun({
        ...common,
        runId,
        inputs: request.inputs,
        trigger: { kind: "workflow", payload: request.inputs, parent: { runId: request.parent.runId, nodeId: request.parent.nodeId }, file: target },
        signal: stop.signal,
      }).then((outcome) => endPaused(outcome, common));
      if (!request.wait) {
        ctx.background.add(running.catch(() => undefined));
        return { runId, status: "started", outputs: {} };
      }
      // The node's timeout or the parent's cancellation cancels the child.
      const onAbort = () => stop.abort();
      request.signal.addEventListener("abort", onAbort, { once: true });
      try {
        const { result, paused } = await running;
        if (paused) return { runId, status: "paused", outputs: {} };
        const status = result.status === "completed" ? "completed" : result.status === "cancelled" ? "cancelled" : "failed";
        const error = result.error && { message: result.error.message, code: result.nodes[result.error.nodeId]?.error?.code };
        return { runId, status, outputs: result.outputs, ...(error ? { error } : {}) };
      } finally {
        request.signal.removeEventListener("abort", onAbort);
      }
    },
  };
}

/** A child that paused is cancelled: nothing on the command line can answer it. */
async function endPaused(outcome: RunOutcome, common: { plan: Plan; env: Record<string, string> }): Promise<RunOutcome & { paused: boolean }> {
  if (outcome.result.status !== "paused") return { ...outcome, paused: false };
  const cancelled = await cancelRun({ ...common, state: outcome.state });
  return { ...cancelled, paused: true };
}
