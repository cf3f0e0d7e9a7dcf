// Sessions end when they should: a copy of a signed-out cookie opens nothing, and a password
// change keeps the browser that made it signed in while every other one is signed out.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { PASSWORD, signIn, signOut, signUp, uniqueEmail } from "./helpers";

const NEW_PASSWORD = "a brand new passphrase";

async function otherBrowser(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

test("sign-out ends the session: a copy of its cookie opens no page and no API", async ({ page, browser }) => {
  await signUp(page, uniqueEmail("signout"));
  const copied = await page.context().cookies();
  expect(copied.some((c) => c.name === "authjs.session-token")).toBe(true);

  // The same cookie in another browser (a stolen copy) works while the session lasts…
  const thief = await otherBrowser(browser);
  await thief.context().addCookies(copied);
  await thief.goto("/workflows");
  await expect(thief.getByTestId("user-email")).toBeVisible();

  // …and not after its owner signed out, although the token itself is valid for 30 days.
  await signOut(page);
  await thief.goto("/workflows");
  await expect(thief).toHaveURL(/\/sign-in\?error=SessionEnded$/);
  await expect(thief.getByRole("main").getByRole("alert")).toHaveText(/Your session ended/);
  expect((await thief.request.get("/api/workflows")).status()).toBe(401);
  await thief.context().close();
});

test("changing the password keeps this browser signed in and signs every other one out", async ({ page, browser }) => {
  const email = uniqueEmail("password");
  await signUp(page, email);
  const laptop = await otherBrowser(browser);
  await signIn(laptop, email);

  await page.goto("/settings/account");
  const form = page.getByRole("form", { name: "Change password" });
  await form.getByLabel("Current password").fill("not my password");
  await form.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await form.getByLabel("New password again").fill(NEW_PASSWORD);
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByText("The current password is not right.")).toBeVisible();
  await page.screenshot({ path: "test-results/screens/password-form-error.png" });

  await form.getByLabel("Current password").fill(PASSWORD);
  await form.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await form.getByLabel("New password again").fill(NEW_PASSWORD);
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(page).toHaveURL(/\/settings\/account\?changed=1$/);
  await expect(page.getByRole("status")).toHaveText(/Password changed\. Every other browser and device/);
  await page.screenshot({ path: "test-results/screens/password-form-changed.png" });

  await page.goto("/workflows");
  await expect(page.getByTestId("user-email")).toHaveText(email);
  await laptop.goto("/workflows");
  await expect(laptop).toHaveURL(/\/sign-in\?error=SessionEnded$/);
  await signIn(laptop, email, NEW_PASSWORD);
  await laptop.context().close();
});
