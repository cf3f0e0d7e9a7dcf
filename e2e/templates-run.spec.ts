// Issue 15: every template in the gallery, made by a new user in Chromium and run to completion
// from its editor. Outside services are local servers speaking their protocols (a stub JSON API
// that records what it got, an SMTP server, an OpenAI-compatible server); approvals and human input are answered
// through the links the run hands out. templates.spec.ts covers the gallery and the Runs page.
import { expect, test, type Browser, type Page } from "@playwright/test";
import postgres from "postgres";
import { createTestPostgresDatabase } from "../lib/db/testing";
import { FakeOpenAI } from "../test/handlers/llm-server";
import { startSmtpSink, startStubApi, type SmtpSink, type StubApi } from "../test/workflows/template-servers";
import { saveSecret, signUp, uniqueEmail } from "./helpers";

let stub: StubApi;
let llm: FakeOpenAI;
let smtp: SmtpSink;
test.beforeAll(async () => {
  [stub, llm, smtp] = await Promise.all([startStubApi(), new FakeOpenAI().start(), startSmtpSink()]);
});
test.afterAll(async () => {
  await Promise.all([stub.close(), smtp.close()]);
  llm.stop();
});

/** A new user makes a workflow from the gallery card `name`; the editor is open and has no problems. */
async function fromTemplate(page: Page, name: string, secrets: Record<string, string> = {}): Promise<void> {
  await signUp(page, uniqueEmail("template-run"));
  for (const [key, value] of Object.entries(secrets)) await saveSecret(page, key, value);
  await page.goto("/workflows");
  await page.getByTestId("template-gallery").getByRole("button", { name: `Use template ${name}` }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByTestId("problem-count")).toHaveText("No problems");
  await expect(page.getByTestId("save-status")).toHaveText(/Saved/);
}

/** Runs the open workflow with `inputs` typed into the Run dialog (when it has inputs), opens the run's page, waits for `status`; the run id. */
async function run(page: Page, status: "completed" | "paused", inputs: Record<string, string> = {}): Promise<string> {
  await page.getByRole("button", { name: "Run", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Run with inputs" });
  await expect(dialog.or(page.getByRole("link", { name: "Open the run's page" }))).toBeVisible();
  if (await dialog.isVisible()) {
    for (const [key, value] of Object.entries(inputs)) await dialog.locator(`#run-input-${key}`).fill(value);
    await dialog.getByRole("button", { name: "Start run" }).click();
  } else expect(Object.keys(inputs), "inputs given to a workflow without a Run dialog").toEqual([]);
  await page.getByRole("link", { name: "Open the run's page" }).click();
  await expect(page).toHaveURL(/\/runs\/run_[A-Za-z0-9_-]+$/);
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", status, { timeout: 30_000 });
  return new URL(page.url()).pathname.split("/").pop()!;
}

async function outputs(page: Page) {
  await page.getByRole("tab", { name: "Outputs" }).click();
  return page.getByTestId("run-outputs");
}

/** A signed-out browser opens a waitpoint link and presses `button` (after `fill`, label → text). */
async function answerSignedOut(browser: Browser, link: string, button: "Approve" | "Send", fill: Record<string, string> = {}) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(link);
  for (const [label, value] of Object.entries(fill)) await page.getByLabel(label).fill(value);
  await page.getByRole("button", { name: button }).click();
  await expect(page.getByTestId("approval-outcome")).toBeVisible();
  await context.close();
}

test("Loop over a list with JavaScript: sample orders priced and totalled", async ({ page }) => {
  await fromTemplate(page, "Loop over a list with JavaScript");
  await run(page, "completed");
  await expect(await outputs(page)).toContainText("126");
});

test("Retry, then route the error: a flaky API answers on the retry", async ({ page }) => {
  await fromTemplate(page, "Retry, then route the error");
  await run(page, "completed", { url: `${stub.url}/flaky` });
  await expect(await outputs(page)).toContainText("answer");
});

test("Approval with quorum and deadline: two of three approvers approve from their mailed links", async ({ page, browser }) => {
  await fromTemplate(page, "Approval with quorum and deadline");
  const runId = await run(page, "paused", { request: "Buy 3 laptops" });
  const outbox = await page.context().newPage();
  await outbox.goto(`/outbox?run=${runId}`);
  await expect(outbox.getByTestId("outbox-message")).toHaveCount(3);
  const linkOf = (to: string) => outbox.getByTestId("outbox-message").filter({ hasText: to }).getByTestId("outbox-link").getAttribute("href");
  const [alice, carol] = [await linkOf("alice@example.com"), await linkOf("carol@example.com")];
  await outbox.close();
  await answerSignedOut(browser, alice!, "Approve");
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "paused");
  await answerSignedOut(browser, carol!, "Approve");
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "completed");
  await expect(await outputs(page)).toContainText("alice@example.com, carol@example.com");
});

test("Human input form: the owner's link takes the answer and the run continues", async ({ page, browser }) => {
  await fromTemplate(page, "Human input form");
  await run(page, "paused");
  const link = await page.getByTestId("copy-approval-link").getAttribute("data-link");
  expect(link).toMatch(/\/approve\/[A-Za-z0-9_-]{43}$/);
  await answerSignedOut(browser, link!, "Send", { "Your name": "Ada", Quantity: "12" });
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "completed");
  await expect(await outputs(page)).toContainText("Reorder 12 units (requested by Ada)");
});

test("Webhook → transform → respond: a call to its URL runs it", async ({ page }) => {
  await fromTemplate(page, "Webhook → transform → respond");
  await page.getByTestId("node-hook").click();
  const url = await page.getByTestId("webhook-settings").getByLabel("Webhook URL", { exact: true }).inputValue();
  const order = { id: "ord_7", customer: { name: "Ada" }, items: [{ price: 5, qty: 2 }] };
  const answer = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(order) });
  expect(answer.status).toBe(202);
  const { runId } = (await answer.json()) as { runId: string };
  await page.goto(`/runs/${runId}`);
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "completed", { timeout: 30_000 });
  await expect(await outputs(page)).toContainText("ADA");
});

test("Parallel fan-out with a join: every URL fetched and joined", async ({ page }) => {
  await fromTemplate(page, "Parallel fan-out with a join");
  const urls = [1, 2, 3].map((n) => `${stub.url}/json/${n}`);
  const before = [1, 2, 3].map((n) => stub.received.get(`/json/${n}`)?.length ?? 0);
  await run(page, "completed", { urls: JSON.stringify(urls) });
  await expect(await outputs(page)).toContainText("2: { url, data, status }"); // the joined list, folded
  expect([1, 2, 3].map((n, i) => (stub.received.get(`/json/${n}`)?.length ?? 0) - before[i])).toEqual([1, 1, 1]);
});

test("Scheduled report: run now fetches, totals and posts the report", async ({ page }) => {
  await fromTemplate(page, "Scheduled report", { REPORT_SOURCE_URL: `${stub.url}/metrics`, REPORT_WEBHOOK_URL: `${stub.url}/report` });
  const before = stub.received.get("/report")?.length ?? 0;
  await run(page, "completed");
  await expect(await outputs(page)).toContainText("signups");
  expect(stub.received.get("/report")?.length).toBe(before + 1);
});

test("Summarize with an LLM: the summary from an OpenAI-compatible server", async ({ page }) => {
  await fromTemplate(page, "Summarize with an LLM", { OPENAI_BASE_URL: llm.url });
  llm.queue({ kind: "stream", chunks: ["- Tides ", "follow the moon"], usage: { prompt_tokens: 20, completion_tokens: 4 } });
  await run(page, "completed", { text: "Tides are caused by the moon.", model: "llama3.2" });
  await expect(await outputs(page)).toContainText("Tides follow the moon");
});

test("Slack message: the message is posted to the webhook of the SLACK_WEBHOOK_URL secret", async ({ page }) => {
  await fromTemplate(page, "Slack message", { SLACK_WEBHOOK_URL: `${stub.url}/hook` });
  const before = stub.received.get("/hook")?.length ?? 0;
  await run(page, "completed", { text: "Deploy finished" });
  expect(stub.received.get("/hook")?.length).toBe(before + 1);
  expect((stub.received.get("/hook")!.at(-1)!.body as { text: string }).text).toBe("Deploy finished");
});

test("Send an email: the message reaches the SMTP server of the SMTP_URL secret", async ({ page }) => {
  await fromTemplate(page, "Send an email", { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: "reports@example.test" });
  const before = smtp.received.length;
  const runId = await run(page, "completed", { to: "ada@example.test", subject: "Your report is ready", message: "The weekly numbers are in." });
  await expect(await outputs(page)).toContainText("ada@example.test");
  expect(smtp.received.length).toBe(before + 1);
  const mail = smtp.received.at(-1)!;
  expect(mail.from).toBe("reports@example.test");
  expect(mail.data).toContain("Subject: Your report is ready");
  expect(mail.data).toContain(`run ${runId}`);
});

test("File or update a GitHub issue: pointed at a GitHub-like server in the panel, it opens the issue", async ({ page }) => {
  await fromTemplate(page, "File or update a GitHub issue", { GITHUB_TOKEN: "ghp_good" });
  // GitHub Enterprise Server's setting, here the local stand-in for GitHub's API.
  await page.getByTestId("node-open").click();
  await page.getByTestId("node-panel").locator("#open-apiUrl").fill(stub.url);
  await expect(page.getByTestId("save-status")).toHaveText(/Saved/);
  await run(page, "completed", { repo: "octo-org/website", title: "Nightly import failed", details: "Stopped at row 1,204." });
  await expect(await outputs(page)).toContainText("https://github.test/octo-org/website/issues/42");
  const issue = stub.received.get("/repos/octo-org/website/issues")!.at(-1)!;
  expect(issue.body).toMatchObject({ title: "Nightly import failed" });
});

test("Look up a customer in PostgreSQL: the panel shows the SQL and its parameters; the run finds the customer", async ({ page }) => {
  // The node reads a fresh database on this machine's PostgreSQL (the app's own store may be PGlite).
  const database = await createTestPostgresDatabase();
  const sql = postgres(database.url, { max: 1, onnotice: () => {} });
  try {
    await sql`create table customers (id serial primary key, name text, email text)`;
    await sql`insert into customers (name, email) values ('Ada Lovelace', 'ada@example.com')`;
    await fromTemplate(page, "Look up a customer in PostgreSQL", { PG_URL: database.url });
    await page.getByTestId("node-lookup").click();
    const panel = page.getByTestId("node-panel");
    await expect(panel.locator("#lookup-query")).toHaveValue(/^select id, name, email from customers where lower\(email\) = lower\(\$1\)/);
    await panel.locator("#lookup-query").scrollIntoViewIfNeeded();
    if (process.env.SCREENSHOTS) await page.screenshot({ path: "docs/screenshots/postgres-node.png" });
    await run(page, "completed", { email: "ada@example.com" });
    await expect(await outputs(page)).toContainText("Ada Lovelace");
  } finally {
    await sql.end();
    await database.drop();
  }
});

test("Call another workflow: the workflow made with it runs as a child run, opened from the parent's node", async ({ page }) => {
  await signUp(page, uniqueEmail("template-call"));
  const card = page.getByTestId("template-gallery").getByRole("form", { name: "Call another workflow" });
  await expect(card.getByTestId("template-calls")).toContainText("“Greet someone”");
  await card.getByRole("button", { name: "Use template Call another workflow" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Call another workflow" })).toBeVisible();
  await expect(page.getByTestId("node-greet")).toContainText("Runs “Greet someone”");
  await expect(page.getByTestId("problem-count")).toHaveText("No problems");
  await run(page, "completed", { name: "Ada" });
  await expect(await outputs(page)).toContainText("Hello, Ada!");
  await page.getByTestId("node-greet").click();
  await page.getByTestId("run-panel").getByTestId("child-run-link").click();
  await expect(page.getByRole("link", { name: /Greet someone/ })).toBeVisible();
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "completed");
});
