/**
 * Finds the sandbox process's entry (child/main.mjs), a plain file read at run time wherever the
 * engine runs: beside this module (TypeScript sources under tsx), or above the running bundle or
 * the working directory at the same project path `lib/engine/sandbox/child/main.mjs` (Next's
 * `.next/server` chunks, the command line's bundle in node_modules/.cache, a Trigger.dev image
 * where trigger.config.ts copies it). FLOWMAESTRO_SANDBOX_ENTRY names it explicitly.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const PROJECT_PATH = path.join("lib", "engine", "sandbox", "child", "main.mjs");

let found: string | undefined;

export function sandboxEntry(): string {
  if (found) return found;
  const explicit = process.env.FLOWMAESTRO_SANDBOX_ENTRY;
  if (explicit) {
    if (!fs.existsSync(explicit)) throw new Error(`FLOWMAESTRO_SANDBOX_ENTRY names ${explicit}, which does not exist`);
    return (found = path.resolve(explicit));
  }
  const here = moduleDir();
  const beside = here ? path.join(here, "child", "main.mjs") : undefined;
  if (beside && fs.existsSync(beside)) return (found = beside);
  const starts = [here, process.cwd()].filter((dir): dir is string => Boolean(dir));
  for (const start of starts) {
    for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
      const candidate = path.join(dir, PROJECT_PATH);
      if (fs.existsSync(candidate)) return (found = candidate);
      if (path.dirname(dir) === dir) break;
    }
  }
  throw new Error(`the sandbox's process entry (${PROJECT_PATH}) was not found above ${starts.join(" or ")}; set FLOWMAESTRO_SANDBOX_ENTRY`);
}

function moduleDir(): string | undefined {
  try {
    return path.dirname(fileURLToPath(import.meta.url));
  } catch {
    return undefined; // a bundle without file URLs
  }
}
