import { expect, type Locator, type Page } from "@playwright/test";

export const PASSWORD = "correct horse battery";

/** An address no other test (or earlier run on the same database) uses. */
export function uniqueEmail(label: string): string {
  return `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.com`;
}

export async function signUp(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto("/sign-up");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/workflows$/);
  await expect(page.getByTestId("user-email")).toHaveText(email);
}

export async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/workflows$/);
  await expect(page.getByTestId("user-email")).toHaveText(email);
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
}

export async function createWorkflow(page: Page, name: string): Promise<void> {
  await page.getByLabel("New workflow name").fill(name);
  await page.getByRole("button", { name: "New workflow" }).click();
  await expect(page.getByRole("link", { name, exact: true })).toBeVisible();
}

/** A workflow with this definition, created through the REST API with the page's session; its id. */
export async function createWorkflowWithDefinition(page: Page, definition: { name: string; version: 1; nodes: unknown[]; edges: unknown[]; inputs?: unknown }): Promise<string> {
  const created = await page.request.post("/api/workflows", { headers: fromTheApp(page), data: { name: definition.name } });
  expect(created.status()).toBe(201);
  const { workflow } = (await created.json()) as { workflow: { id: string } };
  const current = (await (await page.request.get(`/api/workflows/${workflow.id}`)).json()) as { workflow: { revision: number } };
  const saved = await page.request.patch(`/api/workflows/${workflow.id}`, { headers: fromTheApp(page), data: { definition, revision: current.workflow.revision } });
  expect(saved.status(), await saved.text()).toBe(200);
  return workflow.id;
}

/** Saves a secret of the current workspace through Settings → Secrets. */
export async function saveSecret(page: Page, name: string, value: string): Promise<void> {
  await page.goto("/settings/secrets");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Value").fill(value);
  await page.getByRole("button", { name: "Save secret" }).click();
  await expect(page.getByText(`Saved ${name}`)).toBeVisible();
}

export function workflowList(page: Page) {
  return page.getByRole("list", { name: "Your workflows" });
}

/**
 * Headers a browser adds to a request from one of the app's pages. page.request sends the page's
 * cookies but no Origin, and signed-in requests that change something need one (CSRF rule).
 */
export function fromTheApp(page: Page): Record<string, string> {
  return { origin: new URL(page.url()).origin };
}

/**
 * The element's box once it stopped moving (the canvas re-fits when a panel opens or closes):
 * two reads a frame apart agree.
 */
export async function settledBox(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  let last = "";
  let box = (await locator.boundingBox())!;
  await expect
    .poll(async () => {
      await locator.page().evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      box = (await locator.boundingBox())!;
      const now = JSON.stringify(box);
      const same = now === last;
      last = now;
      return same;
    })
    .toBe(true);
  return box;
}
