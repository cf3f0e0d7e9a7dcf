// Humans in the loop, in Chromium: the owner runs a workflow that waits for an approval; a
// signed-out approver opens the link (from the outbox, or from a mail a real SMTP server on
// loopback received), fills the form and approves; the owner's run page continues live. A share
// link shows the run signed out and live; switched off it is 404.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { SMTPServer } from "smtp-server";
import { createWorkflow, signUp, uniqueEmail } from "./helpers";

const SMTP_PORT = Number(process.env.E2E_SMTP_PORT || 0);
const received: { to: string; raw: string }[] = [];
const waiters: (() => void)[] = [];
let smtp: SMTPServer | undefined;

test.beforeAll(async () => {
  if (!SMTP_PORT) return;
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    onData(stream, session, callback) {
      let raw = "";
      stream.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
      stream.on("end", () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address).join(","), raw });
        waiters.splice(0).forEach((wake) => wake());
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp!.listen(SMTP_PORT, "127.0.0.1", resolve));
});
test.afterAll(async () => {
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

/** The first mail to `to` (already received, or the next one that arrives). */
async function mailTo(to: string): Promise<string> {
  for (;;) {
    const hit = received.find((m) => m.to === to);
    if (hit) return hit.raw;
    await new Promise<void>((resolve) => waiters.push(resolve));
  }
}

const approvalFlow = (approver: string) => ({
  version: 1,
  name: "Refund approval",
  inputs: { type: "object", properties: {} },
  nodes: [
    { id: "trigger", type: "trigger", name: "Refund requested", config: {} },
    { id: "review", type: "approval", name: "Finance review", config: { message: "Refund order #1042 for 129.00 EUR? The customer reports the parcel arrived damaged.", approvers: [approver], fields: { type: "object", required: ["reason"], properties: { reason: { type: "string", title: "Reason" }, amount: { type: "number", title: "Amount (EUR)", default: 129 }, notify: { type: "boolean", title: "Tell the customer", default: true }, channel: { enum: ["email", "sms"], title: "Channel" } } } } },
    { id: "refund", type: "output", name: "Refund issued", config: { name: "refund", value: "{{review.input.reason}} by {{review.decidedBy}}" } },
    { id: "declined", type: "output", name: "Refund declined", config: { name: "declined", value: "{{review.decidedBy}}" } },
  ],
  edges: [
    { id: "e1", source: "trigger", target: "review" },
    { id: "e2", source: "review", target: "refund", sourceHandle: "approved" },
    { id: "e3", source: "review", target: "declined", sourceHandle: "rejected" },
  ],
});

/** Signs up, imports the workflow, runs it from the editor and opens the run's own page. */
async function runPausedWorkflow(page: Page, approver: string): Promise<string> {
  await signUp(page, uniqueEmail("owner"));
  await createWorkflow(page, "Refund approval");
  await page.getByRole("link", { name: "Refund approval", exact: true }).click();
  await expect(page.getByTestId("workflow-editor")).toBeVisible();
  await page.getByTestId("import-file").setInputFiles({ name: "flow.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(approvalFlow(approver))) });
  await expect(page.getByTestId("node-review")).toBeVisible();
  await page.getByRole("button", { name: "Auto-layout" }).click();
  await expect(page.getByTestId("save-status")).toHaveText(/Saved/);
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "paused");
  await page.getByRole("link", { name: "Open the run's page" }).click();
  await expect(page).toHaveURL(/\/runs\/run_/);
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "paused");
  return new URL(page.url()).pathname.split("/").pop()!;
}

/** A fresh, signed-out browser opens the link, fills the form and approves. */
async function approveSignedOut(browser: Browser, link: string, approver: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(link);
  await expect(page.getByTestId("approval-message")).toContainText("Refund order #1042");
  await expect(page.getByText(`For ${approver}`)).toBeVisible();
  // Approving without the required reason shows the problem and decides nothing.
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByTestId("approval-form").getByRole("alert")).toContainText("Required");
  await page.getByLabel("Reason").fill("damaged in transit");
  await page.getByLabel("Channel").selectOption("sms");
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByTestId("approval-outcome")).toContainText(`Already decided by ${approver}`);
  // Opening the used link again: the decision, not the form.
  await page.reload();
  await expect(page.getByTestId("approval-outcome")).toContainText("Approved");
  await context.close();
}

test("an approver without an account approves from the outbox link; the owner's run continues live", async ({ page, browser }) => {
  const approver = uniqueEmail("finance");
  const runId = await runPausedWorkflow(page, approver);
  // The run panel lists the link to copy; the outbox holds the mail.
  await expect(page.getByTestId("copy-approval-link")).toHaveAttribute("data-link", /\/approve\/[A-Za-z0-9_-]{43}$/);
  const owner = page;
  const outbox = await owner.context().newPage();
  await outbox.goto(`/outbox?run=${runId}`);
  await expect(outbox.getByTestId("outbox-message")).toHaveCount(1);
  await expect(outbox.getByTestId("outbox-message")).toContainText(approver);
  const href = await outbox.getByTestId("outbox-link").getAttribute("href");
  expect(href).toMatch(/^\/approve\/[A-Za-z0-9_-]{43}$/);
  await outbox.close();

  await approveSignedOut(browser, href!, approver);
  await expect(owner.getByTestId("run-status")).toHaveAttribute("data-status", "completed");
  await owner.getByRole("tab", { name: "Outputs" }).click();
  await expect(owner.getByTestId("run-outputs")).toContainText(`damaged in transit by ${approver}`);
});

test("the mail goes to a real SMTP server; its link approves", async ({ page, browser }) => {
  test.skip(!SMTP_PORT, "E2E_SMTP_PORT is set by scripts/e2e.mjs");
  const approver = uniqueEmail("smtp");
  await runPausedWorkflow(page, approver);
  const raw = await mailTo(approver);
  expect(raw).toMatch(/Subject: Approval needed: Refund approval/);
  const link = /https?:\/\/\S+?\/approve\/[A-Za-z0-9_-]{43}/.exec(raw.replace(/=\r?\n/g, ""))?.[0];
  expect(link).toBeTruthy();
  await approveSignedOut(browser, link!, approver);
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "completed");
});

test("a share link shows the run signed out and live; switched off it is 404", async ({ page, browser }) => {
  const approver = uniqueEmail("share");
  await runPausedWorkflow(page, approver);
  await page.getByRole("button", { name: "Share", exact: true }).click();
  const shareUrl = await page.getByTestId("share-url").inputValue();
  expect(shareUrl).toMatch(/\/share\/[A-Za-z0-9_-]{43}$/);

  const viewer = await browser.newContext();
  const shared = await viewer.newPage();
  const response = await shared.goto(new URL(shareUrl).pathname);
  expect(response?.status()).toBe(200);
  expect(response?.headers()["x-robots-tag"]).toMatch(/noindex/);
  await expect(shared.locator('meta[name="robots"]')).toHaveAttribute("content", /noindex/);
  await expect(shared.getByTestId("shared-workflow-name")).toHaveText("Refund approval");
  await expect(shared.getByTestId("run-status")).toHaveAttribute("data-status", "paused");
  await expect(shared.getByTestId("node-review")).toHaveAttribute("data-run-status", "paused");
  await expect(shared.getByTestId("copy-approval-link")).toHaveCount(0);

  // The owner decides from the run panel (approving needs the form's reason, so: rejects); the shared page follows live.
  await page.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(page.getByTestId("run-waiting").getByRole("alert")).toContainText("reason: is required");
  await page.getByRole("button", { name: "Reject", exact: true }).click();
  await expect(shared.getByTestId("run-status")).toHaveAttribute("data-status", "completed");
  await expect(shared.getByTestId("node-declined")).toHaveAttribute("data-run-status", "completed");

  await page.getByRole("button", { name: "Stop sharing" }).click();
  await expect(page.getByTestId("share-control")).toContainText("Not shared");
  const gone = await shared.goto(new URL(shareUrl).pathname);
  expect(gone?.status()).toBe(404);
  await expect(shared.getByTestId("share-not-found")).toBeVisible();
  await viewer.close();
});

test("screenshots of the approval and share pages", async ({ page, browser }) => {
  test.skip(!process.env.SCREENSHOTS, "screenshots are taken on request (SCREENSHOTS=1)");
  const approver = "maria.finance@example.com";
  await runPausedWorkflow(page, approver);
  await page.getByRole("button", { name: "Share", exact: true }).click();
  const shareUrl = await page.getByTestId("share-url").inputValue();
  const link = await page.getByTestId("copy-approval-link").getAttribute("data-link");
  await page.mouse.move(0, 0);
  await page.screenshot({ path: "docs/screenshots/share-owner-panel.png" });

  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const approverPage = await context.newPage();
  await approverPage.goto(new URL(link!).pathname);
  await expect(approverPage.getByTestId("approval-form")).toBeVisible();
  await approverPage.screenshot({ path: "docs/screenshots/approve.png", fullPage: true });
  await approverPage.getByRole("button", { name: "Approve" }).click();
  await expect(approverPage.getByTestId("approval-form").getByRole("alert").first()).toBeVisible();
  await approverPage.screenshot({ path: "docs/screenshots/approve-errors.png", fullPage: true });

  const viewer = await browser.newContext({ viewport: { width: 1440, height: 860 } });
  const shared = await viewer.newPage();
  await shared.goto(new URL(shareUrl).pathname);
  await expect(shared.getByTestId("node-review")).toHaveAttribute("data-run-status", "paused");
  await shared.screenshot({ path: "docs/screenshots/share.png" });

  await approverPage.getByLabel("Reason").fill("Parcel arrived damaged");
  await approverPage.getByRole("button", { name: "Approve" }).click();
  await expect(approverPage.getByTestId("approval-outcome")).toBeVisible();
  await approverPage.screenshot({ path: "docs/screenshots/approve-decided.png", fullPage: true });
  await expect(shared.getByTestId("run-status")).toHaveAttribute("data-status", "completed");
  await shared.getByRole("tab", { name: "Outputs" }).click();
  await shared.screenshot({ path: "docs/screenshots/share-completed.png" });
  await approverPage.goto("/approve/" + "x".repeat(43));
  await approverPage.screenshot({ path: "docs/screenshots/approve-expired.png", fullPage: true });
  await context.close();
  await viewer.close();
});
