import { expect, test } from "@playwright/test";
import { fromTheApp, signUp, uniqueEmail } from "./helpers";

test("an API key is shown once, starts runs over REST, and stops working when revoked", async ({ page, request }) => {
  await signUp(page, uniqueEmail("keys"));
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/settings\/api-keys$/);
  await page.getByLabel("Key name").fill("ci");
  await page.getByRole("button", { name: "Create key" }).click();
  const shown = page.getByTestId("new-api-key");
  await expect(shown).toHaveText(/^fm_[A-Za-z0-9_-]{43}$/);
  const key = (await shown.textContent())!;
  const auth = { authorization: `Bearer ${key}` };

  const created = await page.request.post("/api/workflows", { data: { name: "REST run" }, headers: fromTheApp(page) });
  const { workflow } = (await created.json()) as { workflow: { id: string } };
  // `request` carries no cookies: the key alone identifies the caller.
  const run = await request.post(`/api/workflows/${workflow.id}/runs?wait=true`, { headers: auth, data: { inputs: { hello: "world" } } });
  expect(run.status()).toBe(200);
  const result = (await run.json()) as { status: string; runId: string; nodes: Record<string, { output: unknown }> };
  expect(result.status).toBe("completed");
  expect(result.nodes.trigger.output).toEqual({ hello: "world" });
  expect((await request.get(`/api/runs/${result.runId}`, { headers: auth })).status()).toBe(200);
  expect((await request.get(`/api/runs/${result.runId}`)).status()).toBe(401);

  await page.reload();
  await expect(page.getByTestId("new-api-key")).toHaveCount(0);
  const row = page.getByRole("listitem").filter({ hasText: "ci" });
  await expect(row).toContainText(key.slice(0, 10));
  await expect(row).toContainText("last used");
  expect(await page.content()).not.toContain(key);
  page.once("dialog", (dialog) => void dialog.accept());
  await row.getByRole("button", { name: "Revoke" }).click();
  await expect(row).toContainText("Revoked");
  expect((await request.get(`/api/runs/${result.runId}`, { headers: auth })).status()).toBe(401);
});

test("secrets: names and times are listed, values never come back", async ({ page }) => {
  await signUp(page, uniqueEmail("secrets"));
  await page.goto("/settings/secrets");
  await page.getByLabel("Name").fill("1bad");
  await page.getByLabel("Value").fill("x");
  await page.getByRole("button", { name: "Save secret" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Name: use letters" })).toBeVisible();
  const value = "sk-live-very-secret-value";
  await page.getByLabel("Name").fill("API_TOKEN");
  await page.getByLabel("Value").fill(value);
  await page.getByRole("button", { name: "Save secret" }).click();
  await expect(page.getByText("Saved API_TOKEN")).toBeVisible();
  const list = page.getByRole("list", { name: "Secrets" });
  await expect(list).toContainText("API_TOKEN");
  await expect(list).toContainText("updated");
  await page.reload();
  expect(await page.content()).not.toContain(value);
  await expect(page.getByLabel("Value")).toHaveValue("");
  page.once("dialog", (dialog) => void dialog.accept());
  await list.getByRole("button", { name: "Delete" }).click();
  await expect(page.getByText("No secrets yet.")).toBeVisible();
});
