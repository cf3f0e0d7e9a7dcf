/** Parses the command line of spec section 7 into a typed command; problems become UsageError. */
import { parseEnv } from "node:util";
import { readFileSync } from "node:fs";

export class UsageError extends Error {}

export type Command =
  | { name: "validate"; file: string }
  | { name: "run"; file: string; input: unknown; json: boolean; env: Record<string, string> }
  | {
      name: "resume";
      runId: string;
      target: { nodeId: string } | { waitpointId: string };
      input: unknown;
      json: boolean;
      env: Record<string, string>;
    }
  | { name: "help" };

export const usage = `Usage:
  flowmaestro validate <workflow.json>
  flowmaestro run <workflow.json> [--input '<json>' | --input-file f.json] [--json]
                  [--env KEY=VALUE ...] [--env-file .env]
  flowmaestro resume <runId> (--node <nodeId> | --waitpoint <id>) [--input '<json>'] [--json]
                  [--env KEY=VALUE ...] [--env-file .env]

Exit codes: 0 completed (or valid), 1 failed, 2 invalid or refused, 3 paused.`;

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${what} is not valid JSON: ${(error as Error).message}`);
  }
}

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${what} ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

interface Flags {
  positional: string[];
  values: Map<string, string[]>;
  switches: Set<string>;
}

const valueFlags = new Set(["--input", "--input-file", "--env", "--env-file", "--node", "--waitpoint"]);
const switchFlags = new Set(["--json", "--help", "-h"]);

function splitFlags(argv: string[]): Flags {
  const flags: Flags = { positional: [], values: new Map(), switches: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf("=");
    const name = arg.startsWith("--") && eq > 0 ? arg.slice(0, eq) : arg;
    if (valueFlags.has(name)) {
      const value = eq > 0 && name !== arg ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`${name} needs a value`);
      flags.values.set(name, [...(flags.values.get(name) ?? []), value]);
    } else if (switchFlags.has(arg)) {
      flags.switches.add(arg);
    } else if (arg.startsWith("-")) {
      throw new UsageError(`unknown option ${arg}`);
    } else {
      flags.positional.push(arg);
    }
  }
  return flags;
}

function single(flags: Flags, name: string): string | undefined {
  const values = flags.values.get(name);
  if (values && values.length > 1) throw new UsageError(`${name} given more than once`);
  return values?.[0];
}

/** Workspace variables for {{env.*}}: --env-file first, then --env pairs; never the process environment. */
function workspaceEnv(flags: Flags): Record<string, string> {
  const env: Record<string, string> = {};
  for (const file of flags.values.get("--env-file") ?? []) Object.assign(env, parseEnv(readText(file, "env file")));
  for (const pair of flags.values.get("--env") ?? []) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new UsageError(`--env expects KEY=VALUE, got "${pair}"`);
    env[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return env;
}

function runInput(flags: Flags): unknown {
  const inline = single(flags, "--input");
  const file = single(flags, "--input-file");
  if (inline !== undefined && file !== undefined) throw new UsageError("give --input or --input-file, not both");
  if (inline !== undefined) return parseJson(inline, "--input");
  if (file !== undefined) return parseJson(readText(file, "input file"), `input file ${file}`);
  return undefined;
}

export function parseArgs(argv: string[]): Command {
  const flags = splitFlags(argv);
  const [name, target, ...rest] = flags.positional;
  if (!name || flags.switches.has("--help") || flags.switches.has("-h") || name === "help") return { name: "help" };
  if (rest.length) throw new UsageError(`unexpected argument ${rest[0]}`);
  const json = flags.switches.has("--json");
  switch (name) {
    case "validate":
      if (!target) throw new UsageError("validate needs a workflow file");
      return { name, file: target };
    case "run":
      if (!target) throw new UsageError("run needs a workflow file");
      return { name, file: target, input: runInput(flags), json, env: workspaceEnv(flags) };
    case "resume": {
      if (!target) throw new UsageError("resume needs a run id");
      const nodeId = single(flags, "--node");
      const waitpointId = single(flags, "--waitpoint");
      if ((nodeId === undefined) === (waitpointId === undefined)) throw new UsageError("resume needs exactly one of --node or --waitpoint");
      return {
        name,
        runId: target,
        target: nodeId !== undefined ? { nodeId } : { waitpointId: waitpointId! },
        input: runInput(flags),
        json,
        env: workspaceEnv(flags),
      };
    }
    default:
      throw new UsageError(`unknown command "${name}"`);
  }
}

/** Reads and parses a workflow file; a missing file or broken JSON is a usage problem (exit 2). */
export function readWorkflowFile(file: string): unknown {
  return parseJson(readText(file, "workflow file"), `workflow file ${file}`);
}
