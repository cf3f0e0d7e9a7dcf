// The audit log page (issue 16): changes made in the app and over REST with a key show who made
// them and on what; a filter narrows the list; the CSV export holds the same entries; another
// account sees none of them.
import { expect, test } from "@playwright/test";
import { readFileSync } from "node:fs";
import { fromTheApp, signUp, uniqueEmail } from "./helpers";

test("the audit log lists who changed what, filters, and exports CSV", async ({ page, request, browser, baseURL }) => {
  const email = uniqueEmail("audit");
  await signUp(page, email);
  await page.goto("/settings/api-keys");
  await page.getByLabel("Key name").fill("release bot");
  await page.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByTestId("new-api-key").textContent())!;

  await page.goto("/settings/secrets");
  await page.getByLabel("Name").fill("SLACK_URL");
  await page.getByLabel("Value").fill("https://hooks.example/abc");
  await page.getByRole("button", { name: "Save secret" }).click();
  await expect(page.getByText("Saved SLACK_URL")).toBeVisible();

  // Over REST with the key: the entry names the key, not the person.
  const created = await request.post("/api/workflows", { headers: { authorization: `Bearer ${key}` }, data: { name: "Nightly =report" } });
  expect(created.status()).toBe(201);
  await page.request.post("/api/workflows", { data: { name: "From the app" }, headers: fromTheApp(page) });

  await page.goto("/settings/audit");
  await expect(page.getByRole("link", { name: "Audit log" })).toHaveAttribute("aria-current", "page");
  const entries = page.getByTestId("audit-entry");
  await expect(entries).toHaveCount(4);
  await expect(entries.nth(0)).toContainText(`${email} created workflow “From the app”`);
  await expect(entries.nth(1)).toContainText("release bot");
  await expect(entries.nth(1)).toContainText("API key");
  await expect(entries.nth(1)).toContainText("created workflow “Nightly =report”");
  await expect(entries.nth(2)).toContainText("set secret “SLACK_URL”");
  await expect(entries.nth(3)).toContainText("created API key “release bot”");
  await expect(entries.nth(0).getByRole("link", { name: "“From the app”" })).toHaveAttribute("href", /^\/workflows\//);
  if (process.env.SCREENSHOTS) await page.screenshot({ path: "docs/screenshots/audit-log.png", fullPage: true });

  await page.getByLabel("By").fill("release");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/actor=release/);
  await expect(entries).toHaveCount(1);
  await expect(entries.first()).toHaveAttribute("data-action", "workflow.create");

  const download = page.waitForEvent("download");
  await page.getByTestId("audit-export").click();
  const file = await (await download).path();
  const csv = readFileSync(file, "utf8").trimEnd().split("\r\n");
  expect(csv[0]).toBe("at,actor,actor_kind,action,object_type,object_id,object_name,workflow_id,address,detail");
  expect(csv).toHaveLength(2);
  expect(csv[1]).toContain(`"release bot","API key","workflow.create","workflow"`);
  expect(csv[1]).toContain(`"Nightly =report"`);

  await page.goto("/settings/audit?from=not-a-day");
  await expect(page.getByRole("alert").filter({ hasText: "from:" })).toHaveText("from: use YYYY-MM-DD");

  const other = await browser.newPage({ baseURL });
  await signUp(other, uniqueEmail("audit-other"));
  await other.goto("/settings/audit");
  await expect(other.getByText("Nothing recorded yet.")).toBeVisible();
  await other.close();
});
