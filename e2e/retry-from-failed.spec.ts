// Issue 15: a run fails for want of a secret; the owner sets it and presses Retry from failed on
// the run's page: a new run starts from the failed node, reusing the output of the node before it,
// and completes.
import { expect, test } from "@playwright/test";
import { createWorkflow, fromTheApp, signUp, uniqueEmail } from "./helpers";

const flow = {
  version: 1,
  name: "Needs a factor",
  nodes: [
    { id: "trigger", type: "trigger", config: {}, position: { x: 0, y: 0 } },
    { id: "base", type: "javascript", config: { code: "return Math.floor(Math.random() * 1e9)" }, position: { x: 250, y: 0 } },
    {
      id: "scale",
      type: "javascript",
      config: { input: { base: "{{base.result}}", factor: "{{env.FACTOR}}" }, code: 'if (!data.factor) throw new Error("FACTOR is not set"); return data.base * Number(data.factor);' },
      position: { x: 500, y: 0 },
    },
    { id: "answer", type: "output", config: { name: "answer", value: "{{scale.result}}" }, position: { x: 750, y: 0 } },
  ],
  edges: [
    { id: "e1", source: "trigger", target: "base" },
    { id: "e2", source: "base", target: "scale" },
    { id: "e3", source: "scale", target: "answer" },
  ],
};

test("Retry from failed on a failed run's page: fix the cause, retry, and the new run completes", async ({ page }) => {
  test.setTimeout(120_000);
  await signUp(page, uniqueEmail("retry"));
  await createWorkflow(page, "Needs a factor");
  await page.getByRole("link", { name: "Needs a factor", exact: true }).click();
  await page.getByTestId("import-file").setInputFiles({ name: "flow.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(flow)) });
  await expect(page.getByTestId("node-scale")).toBeVisible();
  await expect(page.getByTestId("save-status")).toHaveText(/Saved/);
  const workflowId = new URL(page.url()).pathname.split("/").pop()!;

  const started = await page.request.post(`/api/workflows/${workflowId}/runs?wait=true`, { data: { inputs: {} }, headers: fromTheApp(page), timeout: 60_000 });
  const body = await started.text();
  expect(started.status(), body).toBe(200);
  const failed = JSON.parse(body) as { runId: string; status: string; nodes: Record<string, { output?: { result?: unknown } }> };
  expect(failed.status, body).toBe("failed");
  // Random on each execution: the retried run's answer shows whether `base` ran again or was reused.
  const base = failed.nodes.base?.output?.result;
  expect(typeof base, body).toBe("number");

  await page.goto("/settings/secrets");
  await page.getByLabel("Name").fill("FACTOR");
  await page.getByLabel("Value").fill("2");
  await page.getByRole("button", { name: "Save secret" }).click();
  await expect(page.getByText("Saved FACTOR")).toBeVisible();

  await page.goto(`/runs/${failed.runId}`);
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "failed");
  await page.getByRole("button", { name: "Retry from failed" }).click();
  await expect(page).not.toHaveURL(new RegExp(`${failed.runId}$`));
  await expect(page).toHaveURL(/\/runs\/run_[A-Za-z0-9_-]+$/);
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "completed", { timeout: 30_000 });
  const retried = (await (await page.request.get(`/api/runs/${new URL(page.url()).pathname.split("/").pop()}`)).json()) as { outputs: Record<string, unknown> };
  expect(retried.outputs.answer).toBe((base as number) * 2);
});
