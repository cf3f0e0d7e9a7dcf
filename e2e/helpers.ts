import { expect, type Page } from "@playwright/test";

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

export function workflowList(page: Page) {
  return page.getByRole("list", { name: "Your workflows" });
}
