#!/usr/bin/env node
// Workflow conformance cases through the flowmaestro command line, run by the shared runner
// (../shared/conformance/run.mjs) or the project's copy (test/conformance/run.mjs): the shared
// cases plus the project's own in test/conformance/cases (same file name = same case, run once).
// Once on the embedded store (a fresh FLOWMAESTRO_DATA_DIR) and, when DATABASE_URL is set, once
// more on a throwaway PostgreSQL database created beside it and dropped afterwards.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import postgres from "postgres";

const sharedCases = resolve("../shared/conformance/cases");
const localCases = resolve("test/conformance/cases");
const runner = [resolve("../shared/conformance/run.mjs"), resolve("test/conformance/run.mjs")].find((file) => existsSync(file));

const casesDir = mkdtempSync(join(tmpdir(), "fm-conformance-cases-"));
for (const dir of [sharedCases, localCases]) {
  if (!existsSync(dir)) continue;
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".json"))) {
    if (!existsSync(join(casesDir, file))) copyFileSync(join(dir, file), join(casesDir, file));
  }
}
const count = readdirSync(casesDir).length;
if (!runner || count === 0) {
  console.log("conformance: skipped (no runner or no cases found)");
  process.exit(0);
}

function run(label, env) {
  console.log(`\nconformance on ${label}: ${count} case(s) through ${runner}`);
  const result = spawnSync(process.execPath, [runner, casesDir], { stdio: "inherit", env });
  return result.status ?? 1;
}

const base = { ...process.env };
delete base.DATABASE_URL;
const dataDir = mkdtempSync(join(tmpdir(), "fm-conformance-data-"));
let status = run("the embedded store", { ...base, FLOWMAESTRO_DATA_DIR: dataDir });
rmSync(dataDir, { recursive: true, force: true });

if (status === 0 && process.env.DATABASE_URL) {
  const admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
  const name = `fm_conformance_${Date.now().toString(36)}_${process.pid}`;
  await admin.unsafe(`CREATE DATABASE ${name}`);
  try {
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    status = run(`PostgreSQL (${name})`, { ...base, DATABASE_URL: url.toString() });
  } finally {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
rmSync(casesDir, { recursive: true, force: true });
process.exit(status);
