#!/usr/bin/env node
// Runs every test/**/*.test.ts (and .test.mts) with node's own test runner under tsx.
// Node 20's --test does not expand globs itself, so the files are listed here.
// Extra arguments are passed to node (e.g. --test-name-pattern=...).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";

const root = process.cwd();
const testDir = join(root, "test");

function findTests(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" || entry.name.startsWith(".") ? [] : findTests(path);
    return /\.test\.m?ts$/.test(entry.name) ? [relative(root, path)] : [];
  });
}

const files = findTests(testDir).sort();
if (files.length === 0) {
  console.log("unit tests: no test/**/*.test.ts files found");
  process.exit(0);
}
console.log(`unit tests: ${files.length} file(s)`);
// A test file that hangs fails after 30 minutes instead of stalling CI. Node 20 applies the
// timeout to each file as a whole too: the longest, crash-every-step, takes ~12 min on 2 cores.
const result = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-timeout=1800000", ...process.argv.slice(2), ...files], {
  stdio: "inherit",
});
process.exit(result.status ?? 1);
