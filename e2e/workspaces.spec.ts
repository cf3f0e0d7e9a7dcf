// Issue 16 in Chromium: an owner creates a team workspace and invites a second person by email;
// the invitation's link is read from the outbox. The invitee joins as a runner. They run a
// workflow and approve a member-addressed approval from their in-app inbox, but Save is not
// theirs: the page shows the workflow read-only and the server refuses a forged save. The owner
// reads both actions in the workspace's audit log and exports it.
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { fromTheApp, signUp, uniqueEmail } from "./helpers";

const approvalFlow = (approver: string) => ({
  version: 1 as const,
  name: "Vendor payment",
  nodes: [
    { id: "trigger", type: "trigger", name: "Invoice in", config: {} },
    { id: "review", type: "approval", name: "Runner sign-off", config: { message: "Pay invoice 77 (1,200 EUR)?", approvers: [approver] } },
    { id: "paid", type: "output", name: "Paid", config: { name: "paid", value: "{{review.decidedBy}}" } },
  ],
  edges: [
    { id: "e1", source: "trigger", target: "review" },
    { id: "e2", source: "review", target: "paid", sourceHandle: "approved" },
  ],
});

test("a team workspace: invite by the outbox link, a runner runs and approves from the inbox but can't save, the owner audits", async ({ page, browser, baseURL }) => {
  const ownerEmail = uniqueEmail("ws-owner");
  const runnerEmail = uniqueEmail("ws-runner");
  await signUp(page, ownerEmail);

  // The owner makes a team workspace from the top bar's menu.
  await page.getByTestId("workspace-switcher").click();
  await page.getByRole("menuitem", { name: "New team workspace" }).click();
  await page.getByLabel("Workspace name").fill("Finance ops");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page).toHaveURL(/\/w\/finance-ops-[a-f0-9]+\/settings\/members$/);
  const slug = /\/w\/([^/]+)\//.exec(page.url())![1]!;
  await expect(page.getByTestId("current-workspace")).toHaveText("Finance ops");

  // Invited by email as a runner: the mail waits in the workspace's outbox.
  await page.getByLabel("Email (optional)").fill(runnerEmail);
  await page.getByLabel("Role", { exact: true }).selectOption("runner");
  await page.getByRole("button", { name: "Invite" }).click();
  await expect(page.getByText(`Invited ${runnerEmail} as runner`)).toBeVisible();
  if (process.env.SCREENSHOTS) await page.screenshot({ path: "docs/screenshots/workspace-members.png", fullPage: true });
  await page.goto(`/w/${slug}/outbox`);
  const mail = page.getByTestId("outbox-message").filter({ hasText: runnerEmail });
  await expect(mail).toContainText("Join “Finance ops”");
  const link = /https?:\/\/\S+\/invite\/[A-Za-z0-9_-]{43}/.exec((await mail.textContent())!)![0];

  // A workflow of the team, its approval addressed to the runner by email.
  const created = await page.request.post(`/api/workflows?workspace=${slug}`, { headers: fromTheApp(page), data: { name: "Vendor payment" } });
  expect(created.status()).toBe(201);
  const { workflow } = (await created.json()) as { workflow: { id: string } };
  const { workflow: current } = (await (await page.request.get(`/api/workflows/${workflow.id}`)).json()) as { workflow: { revision: number } };
  const saved = await page.request.patch(`/api/workflows/${workflow.id}`, { headers: fromTheApp(page), data: { definition: approvalFlow(runnerEmail), revision: current.revision } });
  expect(saved.status(), await saved.text()).toBe(200);

  // The editor's workflow picker lists the team's workflows (a child runs in its parent's workspace), not the owner's personal ones.
  const make = async (name: string, workspace: string | null, nodes: unknown[]) => {
    const made = await page.request.post(workspace ? `/api/workflows?workspace=${workspace}` : "/api/workflows", { headers: fromTheApp(page), data: { name } });
    const { workflow: w } = (await made.json()) as { workflow: { id: string } };
    const { workflow: at } = (await (await page.request.get(`/api/workflows/${w.id}`)).json()) as { workflow: { revision: number } };
    const ok = await page.request.patch(`/api/workflows/${w.id}`, { headers: fromTheApp(page), data: { definition: { version: 1, name, nodes, edges: [] }, revision: at.revision } });
    expect(ok.status(), await ok.text()).toBe(200);
    return w.id;
  };
  await make("Team greeter", slug, [{ id: "t", type: "trigger", config: {}, position: { x: 0, y: 0 } }]);
  await make("Private helper", null, [{ id: "t", type: "trigger", config: {}, position: { x: 0, y: 0 } }]);
  const caller = await make("Team caller", slug, [{ id: "call", type: "workflow", config: { workflow: "" }, position: { x: 0, y: 0 } }]);
  await page.goto(`/w/${slug}/workflows/${caller}`);
  await page.getByTestId("node-call").click();
  const picker = page.locator("#call-workflow");
  await expect(picker.locator("option", { hasText: "Team greeter" })).toHaveCount(1);
  await expect(picker.locator("option", { hasText: "Private helper" })).toHaveCount(0);

  // The second person signs up and follows the link.
  const runner = await browser.newPage({ baseURL });
  await signUp(runner, runnerEmail);
  await runner.goto(new URL(link).pathname);
  await expect(runner.getByTestId("invitation-heading")).toHaveText("Join Finance ops");
  if (process.env.SCREENSHOTS) await runner.screenshot({ path: "docs/screenshots/workspace-invitation.png", fullPage: true });
  await runner.getByRole("button", { name: "Accept and join" }).click();
  await expect(runner).toHaveURL(new RegExp(`/w/${slug}/workflows$`));
  await expect(runner.getByTestId("current-workspace")).toHaveText("Finance ops");

  // Read-only for a runner: no editor, no Save; a Run button.
  await runner.getByRole("link", { name: "Vendor payment", exact: true }).click();
  await expect(runner.getByTestId("read-only-badge")).toHaveText("View only: your role is runner");
  await expect(runner.getByRole("button", { name: /^Save/ })).toHaveCount(0);
  if (process.env.SCREENSHOTS) await runner.screenshot({ path: "docs/screenshots/workflow-read-only.png", fullPage: true });
  // A forged save is refused by the server, with the reason.
  const forged = await runner.request.patch(`/api/workflows/${workflow.id}`, { headers: fromTheApp(runner), data: { definition: { ...approvalFlow(runnerEmail), name: "Hijacked" }, revision: current.revision + 1 } });
  expect(forged.status()).toBe(403);
  expect(((await forged.json()) as { error: string }).error).toBe("Your role in this workspace (runner) can't edit workflows here");

  await runner.getByTestId("read-only-run").click();
  await expect(runner).toHaveURL(/\/runs\/run_/);
  const runId = /\/runs\/(run_[^/?#]+)/.exec(runner.url())![1]!;

  // The approval is in the runner's inbox (with a badge), decided there.
  await expect
    .poll(async () => ((await (await runner.request.get(`/api/runs/${runId}`)).json()) as { status: string }).status)
    .toBe("paused");
  await runner.goto(`/w/${slug}/workflows`);
  await expect(runner.getByTestId("inbox-badge")).toHaveText("1");
  await runner.getByRole("link", { name: /^Inbox/ }).click();
  const item = runner.getByTestId("inbox-item");
  await expect(item).toContainText("Pay invoice 77 (1,200 EUR)?");
  await expect(item).toContainText("Asked of you");
  if (process.env.SCREENSHOTS) {
    await runner.screenshot({ path: "docs/screenshots/inbox.png", fullPage: true });
    await runner.getByTestId("workspace-switcher").click();
    await runner.screenshot({ path: "docs/screenshots/workspace-switcher.png" });
    await runner.keyboard.press("Escape");
  }
  await item.getByRole("button", { name: /^Approve/ }).click();
  await expect(runner.getByText("Nothing waits for you.")).toBeVisible();
  await expect
    .poll(async () => ((await (await runner.request.get(`/api/runs/${runId}`)).json()) as { status: string }).status)
    .toBe("completed");
  const result = (await (await runner.request.get(`/api/runs/${runId}`)).json()) as { outputs: Record<string, unknown> };
  expect(result.outputs.paid).toBe(runnerEmail);

  // The owner reads both in the audit log and exports it.
  await page.goto(`/w/${slug}/settings/audit`);
  const entries = page.getByTestId("audit-entry");
  await expect(entries.filter({ hasText: `${runnerEmail} started run` })).toHaveCount(1);
  await expect(entries.filter({ hasText: `${runnerEmail} approved in run` })).toHaveCount(1);
  await expect(entries.filter({ hasText: `${runnerEmail} joined` })).toHaveCount(1);
  if (process.env.SCREENSHOTS) await page.screenshot({ path: "docs/screenshots/workspace-audit.png", fullPage: true });
  const download = page.waitForEvent("download");
  await page.getByTestId("audit-export").click();
  const csv = readFileSync(await (await download).path(), "utf8");
  expect(csv).toContain(`"${runnerEmail}","person","run.start","run","${runId}"`);
  expect(csv).toContain(`"${runnerEmail}","person","run.approve","run","${runId}"`);
  // Not in the runner's own personal log, and the runner can't open the team's log.
  await runner.goto(`/w/${slug}/settings/audit`);
  await expect(runner.getByRole("heading", { name: /not found/i })).toBeVisible();
  await runner.close();
});
