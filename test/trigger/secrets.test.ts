// No secret in anything sent to Trigger.dev: an http node's `Authorization: Bearer {{env.API_TOKEN}}`
// reaches the server with the real token, the server's answer echoes it (as written and in base64),
// a downstream node sends that answer on with the real values; yet no child payload, child result
// or published progress the platform would store contains the token or its base64.
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import type { Db } from "../../lib/db/types";
import { setSecret } from "../../lib/secrets/store";
import { personalWorkspaceOf } from "../../lib/workspaces/members";
import { describeEachDb } from "../support/db";
import { edge, getRun, node, workflow } from "../runs/helpers";
import { createStoredRun, withTriggerSession } from "./harness";

const TOKEN = "sk-live-9f8e7d6c5b4a3210";
const base64 = (s: string) => Buffer.from(s).toString("base64");

let server: http.Server;
let url = "";
const received: { path: string; authorization?: string; body: string }[] = [];

before(async () => {
  process.env.FLOWMAESTRO_ALLOW_PRIVATE_HTTP = "1";
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ path: req.url ?? "", authorization: req.headers.authorization, body });
      const auth = req.headers.authorization ?? "";
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ echoed: auth, encoded: base64(auth) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

describeEachDb("secrets on the Trigger.dev path", (getTestDb) => {
  const db = () => getTestDb().handle.db as Db;

  test("no recorded payload, result or progress holds the secret or its base64; the nodes see the real values", async () => {
    const definition = workflow(
      "secret-echo",
      [
        node("t", "trigger"),
        node("a", "http", { method: "GET", url: `${url}/a`, headers: { Authorization: "Bearer {{env.API_TOKEN}}" } }),
        node("b", "http", { method: "POST", url: `${url}/b`, body: { seen: "{{a.data.echoed}}", encoded: "{{a.data.encoded}}" } }),
        node("o", "output", { name: "echo", value: "{{b.data.echoed}}" }),
      ],
      [edge("t", "a"), edge("a", "b"), edge("b", "o")],
    );
    const { runId, ownerId } = await createStoredRun(db(), definition);
    await setSecret(db(), await personalWorkspaceOf(db(), ownerId), ownerId, "API_TOKEN", TOKEN);
    received.length = 0;
    const published: string[] = [];
    await withTriggerSession(db(), async ({ standIn, start, progress }) => {
      const outcome = await start(runId);
      published.push(JSON.stringify(outcome), JSON.stringify(progress()));
      assert.equal(outcome.status, "completed", JSON.stringify(outcome));
      assert.ok(standIn.recorded.length >= 6, "every child payload and result was recorded");
      for (const text of [...standIn.recorded, ...published]) {
        assert.ok(!text.includes(TOKEN), `the secret in ${text.slice(0, 300)}`);
        assert.ok(!text.includes(base64(`Bearer ${TOKEN}`)), `its base64 in ${text.slice(0, 300)}`);
        assert.ok(!text.includes(base64(TOKEN).slice(0, 16)), `a base64 fragment in ${text.slice(0, 300)}`);
      }
      assert.ok(standIn.recorded.some((text) => text.includes("⟪fm:")), "the secret travels as a reference");
    });
    // The servers saw the real token: in the header, and sent on by the downstream node.
    assert.equal(received.find((r) => r.path === "/a")?.authorization, `Bearer ${TOKEN}`);
    const sentOn = JSON.parse(received.find((r) => r.path === "/b")!.body) as { seen: string; encoded: string };
    assert.equal(sentOn.seen, `Bearer ${TOKEN}`);
    assert.equal(sentOn.encoded, base64(`Bearer ${TOKEN}`));
    // The app's database keeps outputs masked, as on the embedded runtime.
    const run = await getRun(db(), runId);
    assert.equal(run.status, "completed");
    assert.ok(!JSON.stringify(run.outputs).includes(TOKEN));
  });
});
