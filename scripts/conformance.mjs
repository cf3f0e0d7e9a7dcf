#!/usr/bin/env node
// Workflow conformance cases, run through the flowmaestro command line by the shared runner
// (../shared/conformance/run.mjs), over the shared cases and the project's own copies in
// test/conformance/cases. Skips with a note when neither runner nor cases are present.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { resolve } from "node:path";

const sharedRunner = resolve("../shared/conformance/run.mjs");
const localRunner = resolve("test/conformance/run.mjs");
const caseDirs = [resolve("../shared/conformance/cases"), resolve("test/conformance/cases")].filter(
  (dir) => existsSync(dir) && readdirSync(dir).some((file) => file.endsWith(".json")),
);
const runner = [sharedRunner, localRunner].find((file) => existsSync(file));

if (!runner || caseDirs.length === 0) {
  console.log("conformance: skipped (no ../shared/conformance runner or no cases found)");
  process.exit(0);
}
console.log(`conformance: ${runner} over ${caseDirs.join(", ")}`);
const result = spawnSync(process.execPath, [runner, ...caseDirs], { stdio: "inherit" });
process.exit(result.status ?? 1);
