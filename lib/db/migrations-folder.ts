// Finds the drizzle migrations folder whether we run from the project root (app, npm scripts),
// from elsewhere with the package installed (CLI via npx), or bundled by Next.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const JOURNAL = path.join("meta", "_journal.json");

export function resolveMigrationsFolder(override?: string): string {
  const explicit = override ?? process.env.FLOWMAESTRO_MIGRATIONS_DIR;
  if (explicit) {
    const folder = path.resolve(explicit);
    if (!fs.existsSync(path.join(folder, JOURNAL))) {
      throw new Error(`No drizzle migrations in ${folder} (missing ${JOURNAL}).`);
    }
    return folder;
  }
  const starts = [process.cwd(), moduleDir()].filter((d): d is string => Boolean(d));
  for (const start of starts) {
    const found = searchUp(start);
    if (found) return found;
  }
  throw new Error(
    `Could not find the drizzle migrations folder (drizzle/${JOURNAL}) above ${starts.join(" or ")}. ` +
      "Set FLOWMAESTRO_MIGRATIONS_DIR.",
  );
}

function searchUp(start: string): string | null {
  let dir = path.resolve(start);
  for (;;) {
    const candidate = path.join(dir, "drizzle");
    if (fs.existsSync(path.join(candidate, JOURNAL))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

function moduleDir(): string | null {
  try {
    return path.dirname(fileURLToPath(import.meta.url));
  } catch {
    return null;
  }
}
