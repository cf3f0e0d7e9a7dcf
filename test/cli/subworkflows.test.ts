// Sub-workflows on the command line (spec 4.1), as a user runs them: a real `flowmaestro`
// process per call, definition files side by side, a real local HTTP server for side effects.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, test } from "node:test";

const bin = join(import.meta.dirname, "../../bin/flowmaestro.mjs");
const work = mkdtempSync(join(tmpdir(), "fm-cli-sub-"));
const dataDir = mkdtempSync(join(tmpdir(), "fm-cli-sub-data-"));

const node = (id: string, type: string, config: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({ id, type, config, ...extra });
const edge = (source: string, target: string, sourceHandle?: string) => ({ id: `${source}-${target}`, source, target, ...(sourceHandle ? { sourceHandle } : {}) });
const workflow = (name: string, nodes: unknown[], edges: unknown[], extra: Record<string, unknown> = {}) => ({ version: 1, name, nodes, edges, ...extra });

function file(path: string, definition: unknown): string {
  const full = join(work, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, JSON.stringify(definition));
  return full;
}

/** Runs the command without blocking this process (the test's HTTP server must answer meanwhile). */
function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string; exitedAt: number }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, DATABASE_URL: "", FLOWMAESTRO_DATA_DIR: dataDir, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr, exitedAt: Date.now() }));
  });
}

const hits: { at: number; body: string }[] = [];
const server = createServer((req, res) => {
  let body = "";
  req.on("data", (chunk: Buffer) => (body += chunk.toString()));
  req.on("end", () => {
    hits.push({ at: Date.now(), body });
    res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
  });
});
let url = "";
before(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});
after(() => server.close());

describe("flowmaestro and the workflow node", () => {
  test("a child started with wait: false ends (its request is sent) before the process exits", async () => {
    file("later/notify.json", workflow("notify", [node("t", "trigger"), node("d", "delay", { ms: 400 }), node("post", "http", { method: "POST", url, body: { from: "{{inputs.from}}" } })], [edge("t", "d"), edge("d", "post")]));
    const parent = file("fire.json", workflow("fire", [node("t", "trigger"), node("go", "workflow", { workflow: "later/notify.json", wait: false, inputs: { from: "parent" } })], [edge("t", "go")]));
    hits.length = 0;
    const out = await cli(["run", parent, "--json"], { FLOWMAESTRO_ALLOW_PRIVATE_HTTP: "1" });
    assert.equal(out.code, 0, out.stderr);
    const result = JSON.parse(out.stdout);
    assert.equal(result.nodes.go.output.status, "started");
    assert.match(result.nodes.go.output.runId, /^run_/);
    assert.equal(hits.length, 1, "the child's request was sent");
    assert.deepEqual(JSON.parse(hits[0].body), { from: "parent" });
    assert.ok(hits[0].at <= out.exitedAt, "before the process exited");
  });

  test("the node's timeoutMs cancels the child it waits for (TIMEOUT, not the child's 20 s)", async () => {
    file("slow.json", workflow("slow", [node("t", "trigger"), node("d", "delay", { ms: 20_000 }), node("post", "http", { method: "POST", url })], [edge("t", "d"), edge("d", "post")]));
    const parent = file("impatient.json", workflow("impatient", [node("t", "trigger"), node("call", "workflow", { workflow: "slow.json" }, { timeoutMs: 300 })], [edge("t", "call")]));
    hits.length = 0;
    const started = Date.now();
    const out = await cli(["run", parent, "--json"], { FLOWMAESTRO_ALLOW_PRIVATE_HTTP: "1" });
    assert.equal(out.code, 1, out.stderr);
    assert.equal(JSON.parse(out.stdout).nodes.call.error.code, "TIMEOUT");
    assert.ok(Date.now() - started < 15_000, "the process did not wait for the cancelled child");
    assert.equal(hits.length, 0, "the cancelled child never reached its request");
  });

  test("a templated path is read when the node starts: a missing file fails the node with VALIDATION_ERROR", async () => {
    file("kids/ok.json", workflow("ok", [node("t", "trigger"), node("o", "output", { name: "said", value: "ok" })], [edge("t", "o")]));
    const parent = file("pick.json", workflow("pick", [node("t", "trigger"), node("call", "workflow", { workflow: "kids/{{inputs.which}}.json" })], [edge("t", "call")]));
    const good = await cli(["run", parent, "--json", "--input", '{"which":"ok"}']);
    assert.equal(good.code, 0, good.stderr);
    assert.deepEqual(JSON.parse(good.stdout).nodes.call.output.outputs, { said: "ok" });
    const missing = await cli(["run", parent, "--json", "--input", '{"which":"gone"}']);
    assert.equal(missing.code, 1);
    const error = JSON.parse(missing.stdout).nodes.call.error;
    assert.equal(error.code, "VALIDATION_ERROR");
    assert.match(error.message, /kids\/gone\.json/);
  });

  test("validate reads the files children name in turn: a missing grandchild names its caller's node and file", async () => {
    file("tree/middle.json", workflow("middle", [node("t", "trigger"), node("deeper", "workflow", { workflow: "leaf/missing.json" })], [edge("t", "deeper")]));
    const top = file("tree/top.json", workflow("top", [node("t", "trigger"), node("call", "workflow", { workflow: "middle.json" })], [edge("t", "call")]));
    const out = await cli(["validate", top]);
    assert.equal(out.code, 2);
    assert.match(out.stderr, /node "deeper" \(in .*tree\/middle\.json\) calls leaf\/missing\.json/);
    assert.equal((await cli(["run", top, "--json"])).code, 2, "run refuses it too");
  });

  test("a child sees the workspace variables; its outputs are masked in what the parent prints", async () => {
    file("secretive.json", workflow("secretive", [node("t", "trigger"), node("o", "output", { name: "token", value: "{{env.API_TOKEN}}" })], [edge("t", "o")]));
    const parent = file("asks.json", workflow("asks", [node("t", "trigger"), node("call", "workflow", { workflow: "secretive.json" }), node("o", "output", { name: "got", value: "{{call.outputs.token}}" })], [edge("t", "call"), edge("call", "o")]));
    const out = await cli(["run", parent, "--json", "--env", "API_TOKEN=tok-0123456789abcdef"]);
    assert.equal(out.code, 0, out.stderr);
    assert.ok(!out.stdout.includes("tok-0123456789abcdef"), "the secret is not printed");
    assert.ok(JSON.parse(out.stdout).outputs.got.length > 0);
  });
});
