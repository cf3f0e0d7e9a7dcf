// Issue 15, webhook tooling: the webhook node's panel gives its URL (copied here from the Copy
// button), a request sent while listening shows in the panel and starts no run, a regenerated
// secret retires the old URL, the response setting shapes the answer, a real call runs to completion, and Re-run on that run's page
// opens a new completed run.
import { expect, test, type Page } from "@playwright/test";
import { signUp, uniqueEmail } from "./helpers";

const TEMPLATE = "Webhook → transform → respond";
const ORDER = { id: "ord-7", customer: { name: "Ada Lovelace" }, items: [{ price: 5, qty: 2 }, { price: 1.5, qty: 4 }] };

/** Sent from the test process, as any outside caller would (no browser, no cookie). */
function callHook(url: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(ORDER) });
}

async function openWebhookPanel(page: Page) {
  await page.getByTestId("node-hook").click();
  const settings = page.getByTestId("webhook-settings");
  await expect(settings).toBeVisible();
  return settings;
}

test("copy the webhook URL, see a test request in listen mode, regenerate the secret, run it for real and re-run it", async ({ page, context, baseURL }) => {
  test.setTimeout(150_000);
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  await page.setViewportSize({ width: 1440, height: 900 });
  await signUp(page, uniqueEmail("webhooks"));
  await page.getByTestId("template-gallery").getByRole("button", { name: `Use template ${TEMPLATE}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: TEMPLATE })).toBeVisible();

  let settings = await openWebhookPanel(page);
  const urlField = settings.getByLabel("Webhook URL", { exact: true });
  await expect(urlField).toHaveValue(new RegExp(`^${baseURL}/api/hooks/[^/]+/[A-Za-z0-9_-]{20,}$`));
  await settings.getByRole("button", { name: "Copy webhook URL" }).click();
  await expect(settings.getByRole("button", { name: "Copy webhook URL" })).toHaveText("Copied");
  const url = await page.evaluate(() => navigator.clipboard.readText());
  await expect(urlField).toHaveValue(url);
  await expect(settings.getByTestId("webhook-curl")).toContainText(`curl -X POST '${url}'`);

  // Listen: the next request lands in the panel, and no run starts.
  await settings.getByRole("button", { name: "Listen for a test event" }).click();
  await expect(settings.getByRole("status")).toContainText("Waiting for a request");
  const captured = await callHook(`${url}?source=e2e`, { authorization: "Bearer not-for-the-panel", "x-source": "playwright" });
  expect(captured.status).toBe(200);
  expect(await captured.json()).toMatchObject({ test: true });
  const event = settings.getByTestId("webhook-test-event");
  await expect(event.getByTestId("webhook-test-body")).toContainText("Ada Lovelace");
  await event.getByRole("tab", { name: /^Headers/ }).click();
  await expect(event.getByTestId("webhook-test-headers")).toContainText("playwright");
  await expect(event.getByTestId("webhook-test-headers")).not.toContainText("not-for-the-panel");
  await event.getByRole("tab", { name: /^Query/ }).click();
  await expect(event.getByTestId("webhook-test-query")).toContainText("e2e");
  await event.getByRole("tab", { name: /^Body/ }).click();
  // The request becomes the webhook node's sample data for Test this node.
  await event.getByRole("button", { name: "Pin as sample data" }).click();
  await expect(event.getByRole("button", { name: "Pinned" })).toBeDisabled();
  await expect(page.getByTestId("pinned-hook")).toBeVisible();
  await page.mouse.move(0, 0);
  await event.scrollIntoViewIfNeeded();
  // Screenshots for the docs only when asked (SCREENSHOTS=1): a test run leaves the repository as it was.
  for (const scheme of process.env.SCREENSHOTS ? (["light", "dark"] as const) : []) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.getByTestId("node-panel").screenshot({ path: `docs/screenshots/webhook-panel-${scheme}.png` });
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.goto("/runs");
  await expect(page.getByText("No runs yet")).toBeVisible(); // the test request started nothing
  await expect(page.getByTestId("run-row")).toHaveCount(0);

  // A new secret: the old URL is 404 from now on.
  await page.goBack();
  settings = await openWebhookPanel(page);
  await expect(settings.getByTestId("webhook-test-body")).toContainText("Ada Lovelace"); // kept for later
  await settings.getByRole("button", { name: "Regenerate secret" }).click();
  await settings.getByRole("alertdialog").getByRole("button", { name: "Regenerate" }).click();
  await expect(settings.getByRole("status")).toContainText("the old one no longer works");
  await expect(settings.getByLabel("Webhook URL", { exact: true })).not.toHaveValue(url);
  const fresh = await settings.getByLabel("Webhook URL", { exact: true }).inputValue();
  expect((await callHook(url)).status).toBe(404);

  // The response setting: answered at once with the request's order id and the run id.
  await settings.getByLabel("Status", { exact: true }).fill("200");
  await settings.getByLabel("Body", { exact: true }).fill('{ "received": "{{request.body.id}}", "run": "{{run.id}}" }');
  await expect(page.getByTestId("save-status")).toHaveText(/Saved/);

  // A real call: the set answer, and the run completes with the reshaped order.
  const real = await callHook(fresh);
  expect(real.status).toBe(200);
  const { received, run: runId } = (await real.json()) as { received: string; run: string };
  expect(received).toBe(ORDER.id);
  expect(runId).toMatch(/^run_/);
  await page.goto(`/runs/${runId}`);
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "completed", { timeout: 30_000 });
  await expect(page.getByRole("button", { name: "Retry from failed" })).toHaveCount(0); // only on a failed run

  await page.getByRole("button", { name: "Re-run" }).click();
  await expect(page).not.toHaveURL(new RegExp(`${runId}$`));
  await expect(page).toHaveURL(/\/runs\/run_[A-Za-z0-9_-]+$/);
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "completed", { timeout: 30_000 });
});
