// The server killed and started again while a run page follows a run: the page says the live
// connection is lost, then catches up (the run's end shows without a reload) and the banner goes.
import { expect, test } from "@playwright/test";
import { OwnServer } from "./own-server";

const definition = {
  version: 1,
  name: "Slow run",
  nodes: [
    { id: "trigger", type: "trigger", config: {}, position: { x: 0, y: 0 } },
    { id: "wait", type: "delay", name: "Wait", config: { ms: 20000 }, position: { x: 300, y: 0 } },
    { id: "out", type: "output", name: "Done", config: { name: "done", value: true }, position: { x: 600, y: 0 } },
  ],
  edges: [
    { id: "e1", source: "trigger", target: "wait" },
    { id: "e2", source: "wait", target: "out" },
  ],
};

test("server killed and restarted: the lost-connection banner, then the live view catches up", async ({ page }) => {
  test.setTimeout(300_000);
  const server = await OwnServer.create();
  try {
    await server.openNewRun(page, definition);
    await expect(page.getByTestId("node-wait")).toHaveAttribute("data-run-status", "running", { timeout: 15_000 });
    await expect(page.getByTestId("connection-banner")).toHaveCount(0);

    server.kill();
    await expect(page.getByTestId("connection-banner")).toBeVisible({ timeout: 30_000 });
    await server.start();
    await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "completed", { timeout: 120_000 });
    await expect(page.getByTestId("node-out")).toHaveAttribute("data-run-status", "completed");
    await expect(page.getByTestId("connection-banner")).toHaveCount(0);
  } finally {
    server.dispose();
  }
});
