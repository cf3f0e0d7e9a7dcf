/**
 * The `flowmaestro` command (spec section 7): validate, run, resume.
 * Exit codes: 0 completed/valid, 1 failed or cancelled, 2 invalid or refused, 3 paused.
 * Problems go to stderr as `path: message`; `--json` prints only the run result on stdout.
 */
import { buildPlan, formatProblems, resumeRun, startRun, validateInputs, type Plan, type Problem, type RunResult } from "../engine";
import { coreHandlers } from "../engine/handlers";
import { createRegistry } from "../engine/handlers/registry";
import { parseArgs, readWorkflowFile, usage, UsageError, type Command } from "./args";
import { handlerOptionsFromEnv } from "./options";
import { describeResult } from "./report";
import { CliStore } from "./store";

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

function print(result: RunResult, json: boolean): number {
  process.stdout.write(json ? `${JSON.stringify(result)}\n` : describeResult(result));
  return exitCodeOf(result);
}

async function run(command: Extract<Command, { name: "run" }>): Promise<number> {
  const definition = readWorkflowFile(command.file);
  const plan = build(definition, command.file);
  const inputs = command.input ?? {};
  const checked = validateInputs(plan, inputs);
  if (!checked.ok) throw new Refused(`the run inputs are invalid:\n${indent(checked.problems)}`);
  // PostgreSQL is cheap to reach: open it while the run goes. The embedded store
  // costs seconds to open, so it is opened only when the run pauses (to resume later).
  const store = new CliStore();
  if (store.isCheap) store.open();
  const recorder = store.recorder(0);
  const outcome = await startRun({ plan, inputs, env: command.env, hooks: recorder.hooks, options: { handler: handlerOptionsFromEnv() } });
  if (store.isCheap || outcome.result.status === "paused") await store.saveNewRun({ definition, inputs, outcome, recorder });
  await store.close();
  return print(outcome.result, command.json);
}

async function resume(command: Extract<Command, { name: "resume" }>): Promise<number> {
  const store = new CliStore();
  try {
    const loaded = await store.load(command.runId, command.env);
    if (!loaded) throw new Refused(`no run "${command.runId}" in ${store.describe()}`);
    const plan = build(loaded.definition, `the stored definition of ${command.runId}`);
    const recorder = store.recorder(loaded.nextSeq);
    const decided = findDecided(loaded.state, command);
    const resumed = await resumeRun({
      plan,
      state: loaded.state,
      ...("nodeId" in command.target ? { nodeId: command.target.nodeId } : { waitpointId: command.target.waitpointId }),
      input: command.input,
      env: command.env,
      recordedOutputs: loaded.recordedOutputs,
      hooks: recorder.hooks,
      options: { handler: handlerOptionsFromEnv() },
    });
    if (!resumed.ok && resumed.problem.code !== "EXPIRED") throw new Refused(`cannot resume ${command.runId}: ${resumed.problem.message}`);
    if (!resumed.ok) process.stderr.write(`${resumed.problem.message}; the node timed out\n`);
    const outcome = { result: resumed.result!, state: resumed.state! };
    await store.saveResumed({ runId: command.runId, outcome, recorder, decided: resumed.ok ? decided : undefined, input: command.input });
    return print(outcome.result, command.json);
  } finally {
    await store.close();
  }
}

/** The waitpoint this resume decided (to close its row as decided, not expired). */
function findDecided(state: { waitpoints: Record<string, { id: string; key: { nodeId: string } }> }, command: Extract<Command, { name: "resume" }>) {
  if ("waitpointId" in command.target) return command.target.waitpointId;
  const nodeId = command.target.nodeId;
  return Object.values(state.waitpoints).find((wp) => wp.key.nodeId === nodeId)?.id;
}

export async function main(argv: string[]): Promise<number> {
  try {
    const command = parseArgs(argv);
    switch (command.name) {
      case "help":
        process.stdout.write(`${usage}\n`);
        return 0;
      case "validate":
        build(readWorkflowFile(command.file), command.file);
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
