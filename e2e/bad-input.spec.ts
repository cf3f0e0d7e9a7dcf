// Bad input gets a clear message and stores nothing.
import { expect, test } from "@playwright/test";
import { PASSWORD, createWorkflow, fromTheApp, signUp, uniqueEmail, workflowList } from "./helpers";

test("sign-up rejects an empty form, a malformed email, a short password and a taken email", async ({ page }) => {
  await page.goto("/sign-up");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Enter your email address")).toBeVisible();
  await expect(page.getByText("Enter a password")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");

  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Enter a valid email address")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue("not-an-email");

  const email = uniqueEmail("erin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Use at least 8 characters for your password")).toBeVisible();
  await expect(page).toHaveURL(/\/sign-up$/);

  // Nothing was stored: the same email can still sign up (a taken one could not).
  await signUp(page, email);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/sign-up");
  await page.getByLabel("Email").fill(email.toUpperCase());
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("An account with this email already exists")).toBeVisible();
});

test("workflow names: too long or empty is refused with a clear message and nothing is stored", async ({ page }) => {
  await signUp(page, uniqueEmail("frank"));
  const tooLong = "x".repeat(121);

  await page.getByLabel("New workflow name").fill(tooLong);
  await page.getByRole("button", { name: "New workflow" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Name is too long: 121 characters, the limit is 120");
  await expect(page.getByRole("heading", { name: "No workflows yet" })).toBeVisible();

  await page.getByLabel("New workflow name").fill("   ");
  await page.getByRole("button", { name: "New workflow" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Enter a name for the workflow");

  // Exactly 120 characters is fine; renaming past the limit is refused and keeps the old name.
  const longest = "y".repeat(120);
  await createWorkflow(page, longest);
  await page.getByRole("button", { name: `Rename ${longest}` }).click();
  await page.getByLabel(`New name for ${longest}`).fill(tooLong);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Name is too long: 121 characters, the limit is 120");
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(workflowList(page).getByRole("link", { name: longest, exact: true })).toBeVisible();

  const api = await page.request.post("/api/workflows", { data: { name: tooLong }, headers: fromTheApp(page) });
  expect(api.status()).toBe(400);
  expect(await api.json()).toMatchObject({
    error: "name: Name is too long: 121 characters, the limit is 120",
    issues: [{ path: "name", message: "Name is too long: 121 characters, the limit is 120" }],
  });
  const list = await page.request.get("/api/workflows");
  expect((await list.json()).workflows).toHaveLength(1);
});

test("a route given a body that is not JSON answers 400 and stores nothing", async ({ page }) => {
  await signUp(page, uniqueEmail("grace"));
  for (const data of ["name=oops", "{\"name\": ", ""]) {
    const response = await page.request.post("/api/workflows", {
      data: Buffer.from(data), // sent as is (a string would be JSON-encoded)
      headers: { "content-type": "application/json", ...fromTheApp(page) },
    });
    expect(response.status()).toBe(400);
    const body = await response.json();
    expect(body.error).toMatch(/not valid JSON|body is empty/);
    expect(body.error).not.toMatch(/at .*\.js/); // a message, not a stack trace
  }
  const list = await page.request.get("/api/workflows");
  expect((await list.json()).workflows).toEqual([]);
});
