// Issue 12's proof that a secret leaves no trace: a secret used in an approval message and in an
// http header, and echoed back by a local server in clear, base64, base64url and URL-encoded
// forms. After the run (paused, approved through the mailed link, shared, finished): a dump of
// every table, the mail, the approval page's and share page's data and the API answers contain
// neither the value nor any encoding of it. The check decodes every base64-looking and
// %-encoded stretch of the dump itself, so it does not trust the masker's own list of forms.
import { test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import * as runRoute from "../../app/api/runs/[id]/route";
import * as runEventsRoute from "../../app/api/runs/[id]/events/route";
import * as shareRoute from "../../app/api/share/[token]/route";
import { submitWithToken } from "../../lib/approvals/decide";
import { listOutbox, runLinks } from "../../lib/approvals/owner";
import { enableSharing, sharedRun } from "../../lib/approvals/share";
import { loadLink, viewOf } from "../../lib/approvals/view";
import type { Db } from "../../lib/db/types";
import { settleActive } from "../../lib/runs/active";
import { resumeRun, startWorkflowRun } from "../../lib/runs/service";
import { setSecret } from "../../lib/secrets/store";
import { personalWorkspaceOf } from "../../lib/workspaces/members";
import { call, describeEachAppDb, sessionCookie } from "../api/support";
import { mailedTokens, SAME } from "../approvals/helpers";
import { createUser, createWorkflowRow, edge, getRun, node, workflow } from "../runs/helpers";

process.env.FLOWMAESTRO_ALLOW_PRIVATE_HTTP = "1";

/** Echoes the Authorization header's token back in every form a careless API might. */
async function startEchoServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const token = String(req.headers.authorization ?? "").replace(/^Bearer /, "");
    res.writeHead(200, { "content-type": "application/json" }).end(
      JSON.stringify({
        plain: token,
        base64: Buffer.from(`user:${token}`).toString("base64"),
        base64url: Buffer.from(token).toString("base64url"),
        urlEncoded: `https://x.test/cb?token=${encodeURIComponent(`${token}/&=`)}`,
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Every text the dump hides a secret in: itself, decoded base64/base64url stretches, URL-decoded stretches. */
function readings(dump: string): string[] {
  const out = [dump];
  for (const match of dump.match(/[A-Za-z0-9+/_-]{12,}={0,2}/g) ?? []) {
    for (let skip = 0; skip < 4; skip++) out.push(Buffer.from(match.slice(skip), match.includes("-") || match.includes("_") ? "base64url" : "base64").toString("latin1"));
  }
  for (const match of dump.match(/(?:%[0-9A-Fa-f]{2}|[A-Za-z0-9._~-])+/g) ?? []) {
    try {
      out.push(decodeURIComponent(match));
    } catch {
      /* not URL-encoded */
    }
  }
  return out;
}

function assertNoSecret(label: string, dump: string, secret: string) {
  // The secret's middle: long enough to be unmistakable, short enough to be found inside any partial decoding.
  const core = secret.slice(2, -2);
  const found = readings(dump).find((text) => text.includes(core));
  assert.equal(found === undefined ? null : `${label} holds the secret`, null, found?.slice(0, 200));
}

async function dumpTables(db: Db): Promise<string> {
  const tables = (await db.execute(sql`select tablename from pg_tables where schemaname = 'public' order by tablename`)) as unknown as { tablename: string }[] | { rows: { tablename: string }[] };
  const names = (Array.isArray(tables) ? tables : tables.rows).map((t) => t.tablename);
  assert.ok(names.includes("run_snapshots") && names.includes("outbox"), `tables: ${names.join(", ")}`);
  let dump = "";
  for (const name of names) {
    const rows = (await db.execute(sql.raw(`select row_to_json(t)::text as row from "${name}" t`))) as unknown as { row: string }[] | { rows: { row: string }[] };
    for (const { row } of Array.isArray(rows) ? rows : rows.rows) dump += `${name}: ${row}\n`;
  }
  return dump;
}

describeEachAppDb("a secret leaves no trace", (db) => {
  test("no table, mail, page data or API answer of the run holds the secret or an encoding of it", async () => {
    const echo = await startEchoServer();
    try {
      const secret = `sk-live-${randomBytes(18).toString("hex")}`;
      const userId = await createUser(db());
      const actor = { userId };
      const workspaceId = await personalWorkspaceOf(db(), userId);
      await setSecret(db(), workspaceId, userId, "SECRET_TOKEN", secret);
      const definition = workflow(
        "leaky",
        [
          node("t", "trigger"),
          node("fetch", "http", { method: "POST", url: `${echo.url}/echo`, headers: { Authorization: "Bearer {{env.SECRET_TOKEN}}" }, body: { hello: 1 } }),
          node("ok", "approval", { message: "Deploy with {{env.SECRET_TOKEN}}? The API said {{fetch.data.base64}} and {{fetch.data.urlEncoded}}", approvers: ["ops@example.test"] }),
          node("out", "output", { name: "echo", value: { fetch: "{{fetch.data}}", decision: "{{ok.decision}}" } }),
        ],
        [edge("t", "fetch"), edge("fetch", "ok"), edge("ok", "out", "approved")],
      );
      const workflowId = await createWorkflowRow(db(), userId, definition);
      const started = await startWorkflowRun(db(), actor, workflowId, {}, "manual");
      await started.done;
      const runId = started.run.id;
      assert.equal((await getRun(db(), runId)).status, "paused");

      // What the approver sees, before and after deciding.
      const link = (await mailedTokens(db(), runId)).get("ops@example.test")!;
      const pages = [JSON.stringify(viewOf(await loadLink(db(), link))), JSON.stringify(await runLinks(db(), actor, runId)), JSON.stringify(await listOutbox(db(), actor, workspaceId, { runId }))];
      const decided = await submitWithToken(db(), { token: link, decision: "approved", values: {}, ...SAME }, resumeRun);
      assert.equal(decided.ok, true);
      await settleActive();
      const run = await getRun(db(), runId);
      assert.equal(run.status, "completed", JSON.stringify(run.error));
      assert.equal((run.outputs as { echo: { decision: string } }).echo.decision, "approved", "the run really used the secret");

      const share = await enableSharing(db(), actor, runId);
      pages.push(JSON.stringify(await sharedRun(db(), share)), JSON.stringify(viewOf(await loadLink(db(), link))));
      const params = { id: runId };
      const cookie = await sessionCookie(userId);
      const answers = [
        await (await call(runRoute.GET, `/api/runs/${runId}`, params, { headers: { cookie } })).text(),
        await (await call(runEventsRoute.GET, `/api/runs/${runId}/events`, params, { headers: { cookie } })).text(),
        await (await shareRoute.GET(new Request(`http://app.test/api/share/${share}`), { params: Promise.resolve({ token: share }) })).text(),
      ];
      assert.ok(answers[0].includes(runId), "the run API answered");

      assertNoSecret("the approval, outbox and share page data", pages.join("\n"), secret);
      assertNoSecret("the API answers", answers.join("\n"), secret);
      assertNoSecret("the database", await dumpTables(db()), secret);
      // The check itself finds each form when it is there.
      for (const form of [secret, Buffer.from(`user:${secret}`).toString("base64"), Buffer.from(secret).toString("base64url"), encodeURIComponent(`${secret}/&=`)])
        assert.throws(() => assertNoSecret("probe", `x ${form} y`, secret), /holds the secret/);
    } finally {
      await echo.close();
    }
  });
});
