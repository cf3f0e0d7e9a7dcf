// Issue 2's scenario: two people, their workflows, and nothing crossing between them.
import { expect, test } from "@playwright/test";
import { createWorkflow, fromTheApp, signIn, signOut, signUp, uniqueEmail, workflowList } from "./helpers";

test("a user manages their workflows and another user cannot see or open them", async ({ page }) => {
  const alice = uniqueEmail("alice");
  const bob = uniqueEmail("bob");
  let keptUrl = "";

  await test.step("sign up, sign out, sign in again", async () => {
    await signUp(page, alice);
    await expect(page.getByRole("heading", { name: "No workflows yet" })).toBeVisible();
    await signOut(page);
    await signIn(page, alice);
  });

  await test.step("create two workflows", async () => {
    await createWorkflow(page, "Enrich signups");
    await createWorkflow(page, "Nightly report");
    await expect(workflowList(page).getByRole("listitem")).toHaveCount(2);
  });

  await test.step("rename one", async () => {
    await page.getByRole("button", { name: "Rename Enrich signups" }).click();
    const input = page.getByLabel("New name for Enrich signups");
    await expect(input).toBeFocused();
    await input.fill("Enrich new signups");
    await input.press("Enter");
    await expect(page.getByRole("link", { name: "Enrich new signups", exact: true })).toBeVisible();
    await expect(page.getByRole("link", { name: "Enrich signups", exact: true })).toHaveCount(0);
  });

  await test.step("delete the other", async () => {
    await page.getByRole("button", { name: "Delete Nightly report" }).click();
    await page.getByRole("button", { name: "Confirm delete Nightly report" }).click();
    await expect(page.getByRole("link", { name: "Nightly report" })).toHaveCount(0);
    await expect(workflowList(page).getByRole("listitem")).toHaveCount(1);
  });

  await test.step("open the kept workflow: its name and starter definition", async () => {
    await page.getByRole("link", { name: "Enrich new signups", exact: true }).click();
    await expect(page).toHaveURL(/\/workflows\/[^/]+$/);
    keptUrl = new URL(page.url()).pathname;
    await expect(page.getByRole("heading", { level: 1, name: "Enrich new signups" })).toBeVisible();
    // The stored definition, read through the REST API (the page no longer carries it as hidden text).
    const id = keptUrl.split("/").pop() ?? "";
    const { workflow } = (await (await page.request.get(`/api/workflows/${id}`)).json()) as { workflow: { definition: unknown } };
    const definition = workflow.definition;
    expect(definition).toEqual({
      version: 1,
      name: "Enrich new signups",
      nodes: [{ id: "trigger", type: "trigger", config: {}, position: { x: 0, y: 0 } }],
      edges: [],
    });
    await page.goto("/workflows");
    await signOut(page);
  });

  await test.step("a second user sees none of it", async () => {
    await signUp(page, bob);
    await expect(page.getByRole("heading", { name: "No workflows yet" })).toBeVisible();
    await expect(page.getByText("Enrich new signups")).toHaveCount(0);
  });

  await test.step("and gets 404 for the first user's workflow, in the page and the API", async () => {
    const response = await page.goto(keptUrl);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Workflow not found" })).toBeVisible();
    await expect(page.getByText("Enrich new signups")).toHaveCount(0);
    const id = keptUrl.split("/").pop();
    const api = await page.request.get(`/api/workflows/${id}`);
    expect(api.status()).toBe(404);
    const rename = await page.request.patch(`/api/workflows/${id}`, { data: { name: "Taken over" }, headers: fromTheApp(page) });
    expect(rename.status()).toBe(404);
    const remove = await page.request.delete(`/api/workflows/${id}`, { headers: { ...fromTheApp(page), "content-type": "application/json" } });
    expect(remove.status()).toBe(404);
    await signOut(page);
  });

  await test.step("the first user still has it, untouched", async () => {
    await signIn(page, alice);
    await expect(page.getByRole("link", { name: "Enrich new signups", exact: true })).toBeVisible();
  });
});

test("an unknown workflow id is a 404 page", async ({ page }) => {
  await signUp(page, uniqueEmail("carol"));
  const response = await page.goto("/workflows/does-not-exist");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Workflow not found" })).toBeVisible();
});
