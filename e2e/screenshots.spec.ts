// Screenshots of every page for the README and design review (docs/screenshots/*.png).
// Only with SCREENSHOTS=1 (playwright.config.ts ignores it otherwise): `SCREENSHOTS=1 npm run test:e2e -- e2e/screenshots.spec.ts`.
import { expect, test } from "@playwright/test";
import { createWorkflow, signUp, uniqueEmail } from "./helpers";

const dir = "docs/screenshots";

test("screenshots of each page", async ({ page }) => {
  await page.goto("/sign-in");
  await page.screenshot({ path: `${dir}/sign-in.png` });

  await page.goto("/sign-up");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Enter a valid email address")).toBeVisible();
  await page.screenshot({ path: `${dir}/sign-up-errors.png` });

  await signUp(page, uniqueEmail("maria"));
  await page.screenshot({ path: `${dir}/workflows-empty.png` });

  for (const name of ["Enrich new signups", "Nightly revenue report", "Approve refunds over $500", "Sync CRM contacts"]) {
    await createWorkflow(page, name);
  }
  await page.goto("/workflows");
  await page.screenshot({ path: `${dir}/workflows-list.png` });
  await page.getByLabel("New workflow name").fill("x".repeat(130));
  await page.getByRole("button", { name: "New workflow" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toBeVisible();
  await page.getByRole("button", { name: "Delete Sync CRM contacts" }).click();
  await page.getByRole("button", { name: "Rename Nightly revenue report" }).click();
  await page.screenshot({ path: `${dir}/workflows.png` });

  await page.goto("/workflows");
  await page.getByRole("link", { name: "Enrich new signups" }).click();
  await expect(page.getByTestId("workflow-editor")).toBeVisible();
  await page.screenshot({ path: `${dir}/workflow-editor.png` });

  await page.goto("/workflows/unknown-id");
  await page.screenshot({ path: `${dir}/workflow-not-found.png` });

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/workflows");
  await page.screenshot({ path: `${dir}/workflows-mobile.png` });
});
