// Approve, then the server is killed while the run goes on: the run page says Running the moment
// Approve is pressed (the answer is stored with the run's new status in one write), and Completed
// after the server comes back and the run continues from the answer, without a reload.
import { expect, test } from "@playwright/test";
import { OwnServer } from "./own-server";

const definition = {
  version: 1,
  name: "Approve then crash",
  nodes: [
    { id: "trigger", type: "trigger", config: {}, position: { x: 0, y: 0 } },
    { id: "ask", type: "approval", name: "Ship it?", config: { message: "Ship it?" }, position: { x: 250, y: 0 } },
    { id: "wait", type: "delay", name: "Wait", config: { ms: 8000 }, position: { x: 500, y: 0 } },
    { id: "out", type: "output", name: "Done", config: { name: "decision", value: "{{ask.decision}}" }, position: { x: 750, y: 0 } },
  ],
  edges: [
    { id: "e1", source: "trigger", target: "ask" },
    { id: "e2", source: "ask", target: "wait", sourceHandle: "approved" },
    { id: "e3", source: "wait", target: "out" },
  ],
};

test("approve, then SIGKILL: Running at once, Completed after the restart, without reload", async ({ page }) => {
  test.setTimeout(300_000);
  const server = await OwnServer.create();
  try {
    const runId = await server.openNewRun(page, definition);
    const status = page.getByTestId("run-status");
    await expect(status).toHaveAttribute("data-status", "paused");

    await page.getByTestId("run-waiting").getByRole("button", { name: "Approve", exact: true }).click();
    await expect(status).toHaveAttribute("data-status", "running");
    // The REST answer agrees at once.
    const answer = (await (await page.request.get(`${server.url}/api/runs/${runId}`)).json()) as { status: string };
    expect(answer.status).toBe("running");

    server.kill(); // within the 8 s delay
    await server.start();
    await expect(status).toHaveAttribute("data-status", "completed", { timeout: 120_000 });
    const done = (await (await page.request.get(`${server.url}/api/runs/${runId}`)).json()) as { status: string; outputs: unknown };
    expect(done).toMatchObject({ status: "completed", outputs: { decision: "approved" } });
  } finally {
    server.dispose();
  }
});
