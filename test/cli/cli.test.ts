// The flowmaestro command as a user runs it: a real child process per call, real stores.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDataDir, createTestPostgresDatabase } from "../support/db";
import { openDb } from "../../lib/db/client";

const bin = join(import.meta.dirname, "../../bin/flowmaestro.mjs");
const work = mkdtempSync(join(tmpdir(), "fm-cli-"));

function file(name: string, workflow: unknown): string {
  const path = join(work, name);
  writeFileSync(path, JSON.stringify(workflow));
  return path;
}

function cli(args: string[], env: Record<string, string | undefined>) {
  const p = spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", env: { ...process.env, DATABASE_URL: undefined, ...env } });
  return { code: p.status, stdout: p.stdout, stderr: p.stderr, json: () => JSON.parse(p.stdout) };
}

const node = (id: string, type: string, config: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({ id, type, config, ...extra });
const edge = (source: string, target: string, sourceHandle?: string) => ({ id: `${source}-${target}`, source, target, ...(sourceHandle ? { sourceHandle } : {}) });

const linear = {
  version: 1,
  name: "linear",
  inputs: { type: "object", properties: { n: { type: "number" } }, required: ["n"] },
  nodes: [node("t", "trigger"), node("o", "output", { name: "twice", value: "{{inputs.n}}{{inputs.n}}" })],
  edges: [edge("t", "o")],
};

const failing = { version: 1, name: "f", nodes: [node("t", "trigger"), node("f", "fail", { message: "nope" })], edges: [edge("t", "f")] };

const form = {
  version: 1,
  name: "form",
  nodes: [
    node("t", "trigger"),
    node("ask", "human_input", { reason: "need a size", expectedSchema: { type: "object", properties: { size: { type: "integer" } }, required: ["size"] } }),
    node("o", "output", { name: "answer", value: "{{ask.userInput.size}} via {{env.TOKEN}}" }),
  ],
  edges: [edge("t", "ask"), edge("ask", "o")],
};

describe("flowmaestro validate", () => {
  test("a valid workflow exits 0", () => {
    assert.equal(cli(["validate", file("ok.json", linear)], {}).code, 0);
  });

  test("an invalid workflow exits 2 and lists every problem with its path", () => {
    const bad = {
      version: 1,
      name: "bad",
      nodes: [node("t", "trigger"), node("t", "output", { value: 1 }), node("x", "nosuchtype"), node("h", "http", { method: "GET" })],
      edges: [edge("t", "ghost"), edge("t", "h")],
    };
    const r = cli(["validate", file("bad.json", bad)], {});
    assert.equal(r.code, 2);
    assert.match(r.stderr, /nodes\[1\]\.id/);
    assert.match(r.stderr, /nodes\[2\]\.type/);
    assert.match(r.stderr, /nodes\[3\]\.config\.url/);
    assert.match(r.stderr, /edges\[0\]\.target/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
  });

  test("a missing file or broken JSON exits 2 with a reason", () => {
    const broken = join(work, "broken.json");
    writeFileSync(broken, "{ nope");
    assert.match(cli(["validate", broken], {}).stderr, /not valid JSON/);
    assert.equal(cli(["validate", join(work, "absent.json")], {}).code, 2);
    assert.equal(cli(["frobnicate"], {}).code, 2);
  });
});

describe("flowmaestro run", () => {
  const dataDir = () => ({ FLOWMAESTRO_DATA_DIR: join(work, "unused-data") });

  test("completed: exit 0, --json prints only the run result", () => {
    const r = cli(["run", file("lin.json", linear), "--input", '{"n":4}', "--json"], dataDir());
    assert.equal(r.code, 0, r.stderr);
    const result = r.json();
    assert.equal(result.status, "completed");
    assert.deepEqual(result.outputs, { twice: "44" });
    assert.match(result.runId, /^run_/);
  });

  test("failed: exit 1 with the failing node", () => {
    const r = cli(["run", file("fail.json", failing), "--json"], dataDir());
    assert.equal(r.code, 1);
    assert.deepEqual(r.json().error, { message: "nope", nodeId: "f" });
  });

  test("inputs that don't match the inputs schema are refused with exit 2", () => {
    const r = cli(["run", file("lin2.json", linear), "--input", '{"n":"four"}'], dataDir());
    assert.equal(r.code, 2);
    assert.match(r.stderr, /inputs\.n/);
    assert.equal(r.stdout, "");
  });

  test("--input-file and a human summary without --json", () => {
    const inputs = join(work, "inputs.json");
    writeFileSync(inputs, '{"n":1}');
    const r = cli(["run", file("lin3.json", linear), "--input-file", inputs], dataDir());
    assert.equal(r.code, 0);
    assert.match(r.stdout, /completed/);
    assert.match(r.stdout, /twice = "11"/);
  });
});

for (const kind of ["pglite", "postgres"] as const) {
  describe(`pause and resume across processes (${kind})`, () => {
    let env: Record<string, string>;
    let cleanup = async () => {};
    before(async () => {
      if (kind === "pglite") env = { FLOWMAESTRO_DATA_DIR: await createTestDataDir() };
      else {
        const db = await createTestPostgresDatabase();
        env = { DATABASE_URL: db.url };
        cleanup = db.drop;
      }
    });
    after(() => cleanup());

    test("paused exits 3; a refused input keeps it paused; {{env.*}} comes from --env only", () => {
      const paused = cli(["run", file(`form-${kind}.json`, form), "--json"], env);
      assert.equal(paused.code, 3, paused.stderr);
      const { runId, waiting } = paused.json();
      assert.equal(waiting[0].kind, "human_input");

      const refused = cli(["resume", runId, "--node", "ask", "--input", '{"size":"big"}'], env);
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, /size/);

      const wrongNode = cli(["resume", runId, "--node", "o", "--input", "{}"], env);
      assert.equal(wrongNode.code, 2);

      const done = cli(["resume", runId, "--node", "ask", "--input", '{"size":3}', "--env", "TOKEN=abc", "--json"], { ...env, TOKEN: "from-process" });
      assert.equal(done.code, 0, done.stderr);
      const result = done.json();
      assert.equal(result.status, "completed");
      assert.deepEqual(result.outputs, { answer: "3 via abc" });
      assert.equal(result.nodes.ask.status, "completed");

      const again = cli(["resume", runId, "--node", "ask", "--input", '{"size":4}'], env);
      assert.equal(again.code, 2, "a finished run is not paused");
      assert.match(again.stderr, /not paused/);
    });

    test("an unknown run id is refused with exit 2", () => {
      const r = cli(["resume", "run_doesnotexist", "--node", "ask"], env);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /no run/);
    });
  });
}

test("the embedded store held by another process: a clear message naming it, no stack", async () => {
  const dataDir = await createTestDataDir();
  const holder = await openDb({ dataDir, command: "test holder" });
  try {
    const r = cli(["run", file("form-locked.json", form)], { FLOWMAESTRO_DATA_DIR: dataDir });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /in use by process \d+/);
    assert.match(r.stderr, /test holder/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  } finally {
    await holder.close();
  }
});
