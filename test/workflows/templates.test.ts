// Every file under templates/ is a valid template (the project's own checks) and runs to
// completion through the run service on both databases: local servers stand in for outside
// APIs and the LLM, approvals are answered through their links, human input through the service.
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { after, before, test } from "node:test";
import { submitWithToken } from "../../lib/approvals/decide";
import type { Db } from "../../lib/db/types";
import { planOf } from "../../lib/runs/plan";
import { resumeRun, resumeRunById, startWorkflowRun } from "../../lib/runs/service";
import { listNodeRuns } from "../../lib/runs/store";
import { settleActive } from "../../lib/runs/active";
import { setSecret } from "../../lib/secrets/store";
import { parseImportedDefinition } from "../../lib/workflows/definition-import";
import { getTemplate, instantiateTemplate, listTemplates, templateSlugs } from "../../lib/workflows/templates";
import { personalWorkspaceOf } from "../../lib/workspaces/members";
import { eq } from "drizzle-orm";
import postgres from "postgres";
import { createTestPostgresDatabase } from "../../lib/db/testing";
import { runs } from "../../lib/db/schema";
import { describeEachAppDb } from "../api/support";
import { mailedTokens, SAME } from "../approvals/helpers";
import { FakeOpenAI } from "../handlers/llm-server";
import { createUser, createWorkflowRow, getRun, waitForEvent } from "../runs/helpers";
import { METRICS, startSmtpSink, startStubApi, type SmtpSink, type StubApi } from "./template-servers";

process.env.FLOWMAESTRO_ALLOW_PRIVATE_HTTP = "1";

type TemplateNode = { id: string; type: string; config: Record<string, unknown> };

let stub: StubApi;
let llm: FakeOpenAI;
let smtp: SmtpSink;
before(async () => {
  [stub, llm, smtp] = await Promise.all([startStubApi(), new FakeOpenAI().start(), startSmtpSink()]);
});
after(async () => {
  await Promise.all([stub.close(), smtp.close()]);
  llm.stop();
});

test("every file under templates/ is listed, parses and builds without problems", async () => {
  const files = readdirSync(new URL("../../templates/", import.meta.url)).filter((f) => f.endsWith(".json")).map((f) => f.replace(/\.json$/, ""));
  assert.deepEqual([...templateSlugs()].sort(), files.sort(), "lib/workflows/templates.ts lists every file");
  const summaries = listTemplates();
  assert.ok(summaries.length >= 10, `${summaries.length} templates`);
  assert.equal(new Set(summaries.map((t) => t.name)).size, summaries.length, "names are unique");
  for (const summary of summaries) {
    const made: { name: string; definition: Record<string, unknown> }[] = [];
    const instance = await instantiateTemplate(summary.slug, async (name, definition) => (made.push({ name, definition }), `called-${made.length}`));
    assert.deepEqual(made.map((m) => m.name), summary.calls, `${summary.slug}: the card names the workflows it makes`);
    for (const { name, definition: called } of made) {
      assert.equal(called.name, name);
      const built = planOf(called);
      assert.ok(built.ok, `${summary.slug} → ${name}: ${JSON.stringify(!built.ok && built.problems)}`);
    }
    const definition = instance!.definition;
    const imported = parseImportedDefinition(JSON.stringify(definition));
    assert.ok(imported.ok, `${summary.slug}: ${JSON.stringify(!imported.ok && imported.errors)}`);
    const built = planOf(definition);
    assert.ok(built.ok, `${summary.slug}: ${JSON.stringify(!built.ok && built.problems)}`);
    const nodes = definition.nodes as { id: string; position?: { x: number; y: number } }[];
    assert.equal(summary.nodeCount, nodes.length);
    assert.ok(nodes.every((n) => n.position && Number.isFinite(n.position.x)), `${summary.slug}: every node is placed`);
    const secretsRead = [...JSON.stringify(getTemplate(summary.slug)!.definition).matchAll(/\{\{\s*env\.([A-Z0-9_]+)/g)].map((m) => m[1]);
    assert.deepEqual([...new Set(secretsRead)].sort(), [...summary.secrets].sort(), `${summary.slug}: the card names the secrets it reads`);
  }
});

describeEachAppDb("templates run to completion", (db) => {
  const ran = new Set<string>();
  /** `edit` changes the made definition first (pointing a node at a local server, as a user would). */
  async function setUp(slug: string, secrets: Record<string, string> = {}, edit?: (nodes: TemplateNode[]) => void) {
    ran.add(slug);
    const userId = await createUser(db());
    const made = await instantiateTemplate(slug, (name, definition) => createWorkflowRow(db(), userId, { ...definition, name }));
    assert.ok(made, slug);
    edit?.(made.definition.nodes as TemplateNode[]);
    const workflowId = await createWorkflowRow(db(), userId, { ...made.definition, name: made.name });
    const workspaceId = await personalWorkspaceOf(db(), userId);
    for (const [name, value] of Object.entries(secrets)) await setSecret(db(), workspaceId, userId, name, value);
    return { userId, workflowId };
  }

  async function run(
    slug: string,
    inputs: unknown,
    options: { secrets?: Record<string, string>; trigger?: "manual" | "webhook" | "schedule"; entry?: string; edit?: (nodes: TemplateNode[]) => void } = {},
  ) {
    const { userId, workflowId } = await setUp(slug, options.secrets, options.edit);
    const started = await startWorkflowRun(db() as Db, { userId }, workflowId, inputs, options.trigger ?? "manual", options.entry ? { nodeId: options.entry } : {});
    await started.done;
    return { userId, workflowId, run: await getRun(db(), started.run.id) };
  }

  const completed = (row: { status: string; error: unknown }) => assert.equal(row.status, "completed", JSON.stringify(row.error));

  test("loop-javascript: sample orders priced in the loop and totalled", async () => {
    const { run: row } = await run("loop-javascript", {});
    completed(row);
    assert.deepEqual(row.outputs, { summary: { lines: 3, total: 126 } });
    const given = await run("loop-javascript", { orders: [{ sku: "A", price: 10, qty: 1 }] });
    assert.deepEqual(given.run.outputs, { summary: { lines: 1, total: 12 } });
  });

  test("error-routing-retry: a retry recovers; a lasting failure goes down the error port", async () => {
    const recovered = await run("error-routing-retry", { url: `${stub.url}/flaky` });
    completed(recovered.run);
    assert.deepEqual(recovered.run.outputs, { answer: { ok: true } });
    assert.equal((await listNodeRuns(db(), recovered.run.id)).find((r) => r.nodeId === "fetch")?.attempts, 2);
    const routed = await run("error-routing-retry", { url: `${stub.url}/down` });
    completed(routed.run);
    const fallback = (routed.run.outputs as { fallback: { failed: boolean; code: string } }).fallback;
    assert.deepEqual([fallback.failed, fallback.code], [true, "HTTP_503"]);
    assert.equal((await listNodeRuns(db(), routed.run.id)).find((r) => r.nodeId === "fetch")?.attempts, 3);
  });

  test("approval-quorum: pauses until two of three approvers approve through their links", async () => {
    const paused = await run("approval-quorum", { request: "Buy laptops" });
    assert.equal(paused.run.status, "paused");
    const tokens = await mailedTokens(db(), paused.run.id);
    assert.deepEqual([...tokens.keys()].sort(), ["alice@example.com", "bob@example.com", "carol@example.com"]);
    const vote = (email: string) => submitWithToken(db(), { token: tokens.get(email)!, decision: "approved", values: {}, ...SAME }, resumeRun);
    assert.ok((await vote("alice@example.com")).ok);
    assert.equal((await getRun(db(), paused.run.id)).status, "paused", "one approval is not enough");
    assert.ok((await vote("carol@example.com")).ok);
    await settleActive();
    const row = await getRun(db(), paused.run.id);
    completed(row);
    assert.equal((row.outputs as { approved: { by: string } }).approved.by, "alice@example.com, carol@example.com");
  });

  test("human-input-form: the answer given through the run service continues the run", async () => {
    const paused = await run("human-input-form", {});
    assert.equal(paused.run.status, "paused");
    await assert.rejects(resumeRunById(db(), { userId: paused.userId }, paused.run.id, { nodeId: "ask" }, { name: "Ada", quantity: 0 }), /quantity/);
    const resumed = await resumeRunById(db(), { userId: paused.userId }, paused.run.id, { nodeId: "ask" }, { name: "Ada", quantity: 12 });
    await resumed.done;
    const row = await getRun(db(), paused.run.id);
    completed(row);
    assert.deepEqual(row.outputs, { confirmation: "Reorder 12 units (requested by Ada)" });
  });

  test("webhook-transform-respond: the webhook's body reshaped into the output", async () => {
    const body = { id: "ord_7", customer: { name: "Ada" }, items: [{ price: 5, qty: 2 }, { price: 1.5, qty: 4 }] };
    const { run: row } = await run("webhook-transform-respond", { body, headers: {}, query: {} }, { trigger: "webhook", entry: "hook" });
    completed(row);
    assert.deepEqual(row.outputs, { response: { orderId: "ord_7", customer: "ADA", items: 2, total: 16 } });
  });

  test("parallel-fan-out: every URL fetched, joined in order", async () => {
    const urls = [1, 2, 3].map((n) => `${stub.url}/json/${n}`);
    const { run: row } = await run("parallel-fan-out", { urls });
    completed(row);
    const responses = (row.outputs as { responses: { url: string; status: number; data: unknown }[] }).responses;
    assert.deepEqual(responses, urls.map((url, i) => ({ url, status: 200, data: { n: i + 1 } })));
  });

  test("scheduled-report: a schedule tick fetches, totals and posts the report", async () => {
    const secrets = { REPORT_SOURCE_URL: `${stub.url}/metrics`, REPORT_WEBHOOK_URL: `${stub.url}/report` };
    const before = stub.received.get("/report")?.length ?? 0;
    const scheduledAt = "2026-11-30T09:00:00.000Z";
    const { run: row } = await run("scheduled-report", { scheduledAt }, { secrets, trigger: "schedule", entry: "weekly" });
    completed(row);
    const report = { title: "Weekly report", scheduledAt, rows: METRICS.length, total: 62, top: "signups" };
    assert.deepEqual(row.outputs, { report });
    const posts = stub.received.get("/report")!;
    assert.equal(posts.length, before + 1);
    assert.deepEqual(posts.at(-1)!.body, report);
  });

  test("llm-summary: the summary from an OpenAI-compatible server named by the OPENAI_BASE_URL secret", async () => {
    llm.queue({ kind: "stream", chunks: ["- Tides ", "follow the moon"], usage: { prompt_tokens: 20, completion_tokens: 4 } });
    const { run: row } = await run("llm-summary", { text: "Tides are caused by the moon.", model: "llama3.2" }, { secrets: { OPENAI_BASE_URL: llm.url } });
    completed(row);
    assert.deepEqual(row.outputs, { summary: "- Tides follow the moon" });
    const sent = llm.requests.at(-1)!.body as { model: string; messages: { content: string }[] };
    assert.equal(sent.model, "llama3.2");
    assert.equal(sent.messages[1].content, "Tides are caused by the moon.");
  });

  test("slack-notify: the slack node posts the message to the webhook of the SLACK_WEBHOOK_URL secret", async () => {
    const { run: row } = await run("slack-notify", { text: "Deploy finished" }, { secrets: { SLACK_WEBHOOK_URL: `${stub.url}/hook` } });
    completed(row);
    assert.deepEqual(row.outputs, { posted: true });
    const posted = stub.received.get("/hook")!.at(-1)!.body as { text: string; blocks: { elements?: { text: string }[] }[] };
    assert.equal(posted.text, "Deploy finished");
    assert.equal(posted.blocks[1].elements?.[0].text, `Run ${row.id}`);
  });

  test("email-notify: the message reaches the SMTP server of SMTP_URL from MAIL_FROM; a refused recipient is routed with the server's reason", async () => {
    const secrets = { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: "reports@example.test" };
    const sent = await run("email-notify", { to: "ada@example.test", subject: "Your report is ready", message: "The weekly numbers are in." }, { secrets });
    completed(sent.run);
    assert.deepEqual(sent.run.outputs, { accepted: ["ada@example.test"] });
    const mail = smtp.received.at(-1)!;
    assert.deepEqual([mail.from, mail.to], ["reports@example.test", ["ada@example.test"]]);
    assert.match(mail.data, /Subject: Your report is ready/);
    assert.match(mail.data, new RegExp(`run ${sent.run.id}`));
    const refused = await run("email-notify", { to: "x@blocked.test", subject: "s", message: "m" }, { secrets });
    completed(refused.run);
    assert.match(String((refused.run.outputs as { error: string }).error), /refused the message \(550\)/);
    assert.equal((await listNodeRuns(db(), refused.run.id)).find((r) => r.nodeId === "send")?.attempts, 1, "a permanent refusal is not retried");
  });

  test("github-issue: opens an issue, or comments on the one given; a refusal is routed with GitHub's message", async () => {
    const toStub = (nodes: TemplateNode[]) => nodes.filter((n) => n.type === "github").forEach((n) => (n.config.apiUrl = stub.url));
    const secrets = { GITHUB_TOKEN: "ghp_good" };
    const inputs = { repo: "octo-org/website", title: "Nightly import failed", details: "Stopped at row 1,204." };
    const opened = await run("github-issue", inputs, { secrets, edit: toStub });
    completed(opened.run);
    assert.deepEqual(opened.run.outputs, { url: "https://github.test/octo-org/website/issues/42" });
    const issue = stub.received.get("/repos/octo-org/website/issues")!.at(-1)!;
    assert.equal(issue.headers.authorization, "Bearer ghp_good");
    assert.deepEqual(issue.body, { title: "Nightly import failed", body: `Stopped at row 1,204.\n\n_Reported by FlowMaestro, run ${opened.run.id}_` });
    const commented = await run("github-issue", { ...inputs, issueNumber: 17 }, { secrets, edit: toStub });
    completed(commented.run);
    assert.deepEqual(commented.run.outputs, { url: "https://github.test/octo-org/website/issues/17#issuecomment-9001" });
    const missing = await run("github-issue", { ...inputs, repo: "octo-org/missing" }, { secrets, edit: toStub });
    completed(missing.run);
    assert.match(String((missing.run.outputs as { error: string }).error), /Not Found/);
  });

  test("postgres-lookup: a customer found, one missing, and a database error routed", async () => {
    // The database the node reads is a fresh one on this machine's PostgreSQL, whichever store the app uses.
    const database = await createTestPostgresDatabase();
    const sql = postgres(database.url, { max: 1, onnotice: () => {} });
    try {
      await sql`create table customers (id serial primary key, name text, email text)`;
      await sql`insert into customers (name, email) values ('Ada Lovelace', 'ada@example.com')`;
      const secrets = { PG_URL: database.url };
      const found = await run("postgres-lookup", { email: "ADA@example.com" }, { secrets });
      completed(found.run);
      assert.deepEqual(found.run.outputs, { customer: { id: 1, name: "Ada Lovelace", email: "ada@example.com" } });
      const missing = await run("postgres-lookup", { email: "nobody@example.com" }, { secrets });
      assert.deepEqual(missing.run.outputs, { customer: null });
      await sql`drop table customers`;
      const failed = await run("postgres-lookup", { email: "ada@example.com" }, { secrets });
      completed(failed.run);
      assert.match(String((failed.run.outputs as { error: string }).error), /42P01: relation "customers" does not exist/);
    } finally {
      await sql.end();
      await database.drop();
    }
  });

  test("call-another-workflow: the workflow made with it runs as a child run and its greeting comes back", async () => {
    // The parent pauses for its child, or (the child ended before the pause was stored) goes straight on.
    const { run: started } = await run("call-another-workflow", { name: "Ada" });
    await waitForEvent(db(), started.id, (e) => e.type === "run.finished");
    await settleActive(); // the run row is sealed just after its last event
    const row = await getRun(db(), started.id);
    completed(row);
    assert.deepEqual(row.outputs, { greeting: "Hello, Ada!" });
    const [child] = await db()
      .select({ status: runs.status, outputs: runs.outputs, parent: runs.parentRunId })
      .from(runs)
      .where(eq(runs.parentRunId, row.id));
    assert.deepEqual(child, { status: "completed", outputs: { greeting: "Hello, Ada!" }, parent: row.id });
  });

  test("every template has a run above", () => {
    assert.deepEqual([...ran].sort(), [...templateSlugs()].sort());
  });
});
