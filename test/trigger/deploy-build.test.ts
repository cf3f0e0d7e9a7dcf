// The real `trigger.dev deploy` build, offline: the CLI's own build (buildWorker, target "deploy")
// and its own indexer, then the image's steps by hand: `npm i` of the build's package.json, the
// output copied over it (the Containerfile's order), and a javascript node run from the built
// execute-node bundle with nothing of this repository above it. The CLI's modules are not public
// exports: trigger.dev is pinned (package.json) and these paths belong to 4.8.3.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { createTestDb } from "../support/db";

const run = promisify(execFile);
const root = join(import.meta.dirname, "..", "..");
const cli = dirname(createRequire(import.meta.url).resolve("trigger.dev/package.json"));
const cliModule = (path: string) => import(pathToFileURL(join(cli, "dist", "esm", path)).href);

interface IndexedTask {
  id: string;
  filePath: string;
  queue?: { name?: string; concurrencyLimit?: number };
  retry?: { maxAttempts?: number };
  maxDuration?: number;
  machine?: { preset?: string };
}
interface WorkerManifest {
  tasks: IndexedTask[];
  queues?: { name: string; concurrencyLimit?: number | null }[];
}

let work: string;
let image: string;

before(async () => {
  work = mkdtempSync(join(tmpdir(), "fm-trigger-deploy-"));
  const output = join(work, "build");
  image = join(work, "app");
  const { loadConfig } = await cliModule("config.js");
  const { buildWorker } = await cliModule("build/buildWorker.js");
  const resolvedConfig = await loadConfig({ cwd: root });
  await buildWorker({ destination: output, target: "deploy", environment: "prod", resolvedConfig, plain: true, rewritePaths: true, envVars: {} });
  // The Containerfile: WORKDIR /app, `npm i` of package.json, then the whole output over it.
  cpSync(join(output, "package.json"), join(image, "package.json"));
  await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--no-save", "--no-package-lock", "--loglevel=error"], { cwd: image, timeout: 300_000 });
  cpSync(output, image, { recursive: true });
  // Paths in build.json are the image's (/app/...): this folder plays /app.
  writeFileSync(join(image, "build.json"), readFileSync(join(image, "build.json"), "utf8").replaceAll('"/app/', `"${image}/`));
});

after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("trigger.dev deploy build", () => {
  it("ships the sandbox process, its WebAssembly and PGlite (postgres.js is bundled)", () => {
    const pkg = JSON.parse(readFileSync(join(image, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    for (const name of ["@electric-sql/pglite", "jsonata", "quickjs-emscripten-core", "@jitl/quickjs-wasmfile-release-sync"]) {
      assert.ok(pkg.dependencies[name], `${name} in the image's package.json`);
    }
    assert.ok(existsSync(join(image, "lib/engine/sandbox/child/main.mjs")), "the sandbox process entry is in the output");
    assert.ok(existsSync(join(image, "node_modules/@jitl/quickjs-wasmfile-release-sync/dist/emscripten-module.wasm")), "QuickJS's .wasm is installed");
  });

  it("indexes execute-workflow and execute-node with their queue, retries, duration and machine", async () => {
    // The indexer forks the image's index worker; from a plain node (not this test's tsx flags, which fork would pass on).
    const script = join(work, "index.mjs");
    writeFileSync(
      script,
      `const { indexWorkerManifest } = await import(process.argv[2]);
const { execOptionsForRuntime } = await import(process.argv[3]);
const build = JSON.parse((await import("node:fs")).readFileSync("build.json", "utf8"));
const manifest = await indexWorkerManifest({
  runtime: build.runtime, indexWorkerPath: build.indexWorkerEntryPoint, buildManifestPath: "./build.json",
  nodeOptions: execOptionsForRuntime(build.runtime, build), env: { PATH: process.env.PATH }, cwd: process.cwd(),
  handleStderr: (text) => process.stderr.write(text),
});
process.stdout.write(JSON.stringify(manifest));
`,
    );
    const core = pathToFileURL(createRequire(import.meta.url).resolve("@trigger.dev/core/v3/build")).href;
    const indexer = pathToFileURL(join(cli, "dist/esm/indexing/indexWorkerManifest.js")).href;
    const { stdout } = await run(process.execPath, [script, indexer, core], { cwd: image, env: { NODE_ENV: "production", PATH: process.env.PATH ?? "" }, timeout: 120_000 });
    const manifest = JSON.parse(stdout) as WorkerManifest;
    const byId = new Map(manifest.tasks.map((task) => [task.id, task]));
    assert.deepEqual([...byId.keys()].sort(), ["execute-node", "execute-workflow"]);
    const workflow = byId.get("execute-workflow")!;
    const node = byId.get("execute-node")!;
    assert.equal(workflow.queue?.name, "flowmaestro-coordinators");
    assert.equal(manifest.queues?.find((q) => q.name === "flowmaestro-coordinators")?.concurrencyLimit, 5);
    assert.equal(node.retry?.maxAttempts, 1, "node retries belong to the engine");
    for (const task of [workflow, node]) {
      assert.equal(task.maxDuration, 3600, task.id);
      assert.equal(task.machine?.preset, "small-2x", task.id);
    }
  });

  it("runs a javascript node from the built execute-node bundle", async () => {
    const runner = join(image, "run-node.mjs");
    writeFileSync(
      runner,
      `import { runExecuteNode } from "./trigger/execute-node.mjs";
const result = await runExecuteNode(JSON.parse(process.argv[2]), { signal: new AbortController().signal });
process.stdout.write(JSON.stringify(result));
`,
    );
    const payload = {
      task: { runId: "run_deploy", key: { nodeId: "js", path: [] }, nodeId: "js", type: "javascript", attempt: 1, instance: "js", attemptStartedAt: 0, config: { code: "return data.n * 6", input: { n: 7 } }, scope: {}, triggerPayload: null, delayMs: 0 },
    };
    // The child reads the run's secrets by run id: a migrated database (no such run: no secrets).
    const db = await createTestDb("postgres");
    try {
      const env = { NODE_ENV: "production" as const, PATH: process.env.PATH ?? "", DATABASE_URL: db.databaseUrl! };
      const { stdout } = await run(process.execPath, [runner, JSON.stringify(payload)], { cwd: image, env, timeout: 120_000 });
      assert.deepEqual(JSON.parse(stdout), { key: { nodeId: "js", path: [] }, kind: "done", output: { result: 42 } });
    } finally {
      await db.cleanup();
    }
  });
});
