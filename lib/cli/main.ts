/**
 * The `flowmaestro` command (spec section 7): validate, run, resume.
 * Exit codes: 0 completed/valid, 1 failed or cancelled, 2 invalid or refused, 3 paused.
 * Problems go to stderr as `path: message`; `--json` prints only the run result on stdout.
 */
import { answerInput, buildPlan, driveRun, expireWaitpoints, findWaitpoint, formatProblems, newRunId, startRun, validateInputs, type Plan, type Problem, type RunResult } from "../engine";
import { coreHandlers } from "../engine/handlers";
import { createRegistry } from "../engine/handlers/registry";
import { parseArgs, readWorkflowFile, usage, UsageError, type Command } from "./args";
import { handlerOptionsFromEnv } from "./options";
import { describeResult } from "./report";
import { CliStore } from "./store";
import { checkReferencedFiles, createCliWorkflowHost, WorkflowFiles } from "./subworkflows";
import { resolve as resolvePath } from "node:path";

export const EXIT = { completed: 0, failed: 1, invalid: 2, paused: 3 } as const;

class Refused extends Error {}

const exitCodeOf = (result: RunResult) => (result.status === "completed" ? EXIT.completed : result.status === "paused" ? EXIT.paused : EXIT.failed);

function build(definition: unknown, label: string): Plan {
  const built = buildPlan(definition, createRegistry(coreHandlers));
  for (const warning of built.warnings) process.stderr.write(`warning: ${warning.path ? `${warning.path}: ` : ""}${warning.message}\n`);
  if (!built.ok) throw new Refused(`${label} is invalid:\n${indent(built.problems)}`);
  return built.plan;
}

const indent = (problems: readonly Problem[]) =>
  formatProblems(problems)
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");

/** The workflow in `file`, built, with every file its `workflow` nodes name checked (spec 4.1). */
function buildFile(file: string, files: WorkflowFiles): { definition: unknown; plan: Plan; path: string } {
  const definition = readWorkflowFile(file);
  const plan = build(definition, file);
  const path = resolvePath(file);
  const problems = checkReferencedFiles(files, path, definition);
  if (problems.length > 0) throw new Refused(`${file} is invalid:\n${indent(problems)}`);
  return { definition, plan, path };
}

/** Handler options of a run from `file`: its `workflow` nodes run children from files beside it. */
function runHandlerOptions(file: string, env: Record<string, string>, files: WorkflowFiles, background: Set<Promise<unknown>>) {
  const handler = handlerOptionsFromEnv();
  return { ...handler, workflows: createCliWorkflowHost({ files, file, depth: 0, env, handler, background }) };
}

function print(result: RunResult, json: boolean): number {
  process.stdout.write(json ? `${JSON.stringify(result)}\n` : describeResult(result));
  return exitCodeOf(result);
}

async function run(command: Extract<Command, { name: "run" }>): Promise<number> {
  const files = new WorkflowFiles();
  const { definition, plan, path } = buildFile(command.file, files);
  const background = new Set<Promise<unknown>>();
  const inputs = command.input ?? {};
  const checked = validateInputs(plan, inputs);
  if (!checked.ok) throw new Refused(`the run inputs are invalid:\n${indent(checked.problems)}`);
  // PostgreSQL is cheap to reach: open it while the run goes. The embedded store
  // costs seconds to open, so it is opened only when the run pauses (to resume later).
  const store = new CliStore();
  if (store.isCheap) store.open();
  const runId = newRunId();
  const session = store.session(runId, plan, 0, command.env, { definition, inputs, startedAt: new Date() });
  const handler = runHandlerOptions(path, command.env, files, background);
  const outcome = await startRun({ plan, runId, inputs, env: command.env, trigger: { kind: "manual", file: path }, hooks: session.hooks, options: { handler } });
  // Secrets are masked in what is printed and stored, as in the app.
  // A run that spilled (grew too big to keep) is in the store already: it is finished there too.
  const result = store.isCheap || outcome.result.status === "paused" || session.spilled ? await store.saveNewRun({ definition, inputs, outcome, session }) : session.mask(outcome.result);
  await store.close();
  const code = print(result, command.json);
  // Children started with `wait: false` end before the process does (spec 4.1).
  await Promise.all(background);
  return code;
}

async function resume(command: Extract<Command, { name: "resume" }>): Promise<number> {
  const store = new CliStore();
  try {
    const before = await store.load(command.runId, command.env);
    if (!before?.state) throw new Refused(`no run "${command.runId}" in ${store.describe()}`);
    const plan = build(before.definition, `the stored definition of ${command.runId}`);
    const found = findWaitpoint(before.state, "nodeId" in command.target ? { nodeId: command.target.nodeId } : { waitpointId: command.target.waitpointId });
    if ("code" in found) throw new Refused(`cannot resume ${command.runId}: ${found.message}`);
    // Sub-workflow paths resolve from the file the run was started from (kept in its state).
    const background = new Set<Promise<unknown>>();
    const options = { handler: runHandlerOptions(before.state.trigger.file ?? resolvePath("workflow.json"), command.env, new WorkflowFiles(), background) };
    const checked = answerInput(plan, found, command.input, Date.now());
    if (!checked.ok && checked.problem.code !== "EXPIRED") throw new Refused(`cannot resume ${command.runId}: ${checked.problem.message}`);
    if (!checked.ok) {
      // Its deadline passed: the node times out now (TIMEOUT, routable) and the run goes on without the answer.
      process.stderr.write(`${checked.problem.message}; the node timed out\n`);
      const session = store.session(command.runId, plan, before.nextSeq, command.env);
      const outcome = await expireWaitpoints({ plan, state: before.state, env: command.env, recordedOutputs: before.recordedOutputs, hooks: session.hooks, options });
      return print(await store.save(outcome, session), command.json);
    }
    // The answer is recorded the way the app records one; the run then continues from the store.
    const refused = await store.answer(command.runId, found.id, command.input ?? {});
    if (refused) throw new Refused(`cannot resume ${command.runId}: the waitpoint is ${refused === "closed" ? "already answered" : refused}`);
    const loaded = await store.load(command.runId, command.env);
    if (!loaded?.state) throw new Refused(`no run "${command.runId}" in ${store.describe()}`);
    const session = store.session(command.runId, plan, loaded.nextSeq, command.env);
    const common = { plan, env: command.env, recordedOutputs: loaded.recordedOutputs, hooks: session.hooks, options, initialEvents: loaded.answerEvents };
    const outcome = await driveRun(common, loaded.state);
    const code = print(await store.save(outcome, session), command.json);
    await Promise.all(background);
    return code;
  } finally {
    await store.close();
  }
}

export async function main(argv: string[]): Promise<number> {
  try {
    const command = parseArgs(argv);
    switch (command.name) {
      case "help":
        process.stdout.write(`${usage}\n`);
        return 0;
      case "validate":
        buildFile(command.file, new WorkflowFiles());
        process.stderr.write(`${command.file} is valid\n`);
        return 0;
      case "run":
        return await run(command);
      case "resume":
        return await resume(command);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`flowmaestro: ${error.message}\n\n${usage}\n`);
      return EXIT.invalid;
    }
    if (error instanceof Refused) {
      process.stderr.write(`flowmaestro: ${error.message}\n`);
      return EXIT.invalid;
    }
    // Anything else (a locked data folder, a database down) is told plainly, without a stack.
    process.stderr.write(`flowmaestro: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.failed;
  }
}
