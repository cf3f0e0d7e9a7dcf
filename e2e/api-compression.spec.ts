// The run API's JSON answers against `next start` (issue 18): a short one is sent as it is (gzip's
// per-answer start-up cost ~8 % of the server's CPU at 32 API clients), a long one still gzipped;
// neither may be kept by a cache.
import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail } from "./helpers";

const definition = (value: string) => ({
  version: 1,
  name: `answer of ${value.length}`,
  nodes: [
    { id: "t", type: "trigger", config: {} },
    { id: "v", type: "variable", config: { name: "v", value } },
  ],
  edges: [{ id: "e", source: "t", target: "v" }],
});

test("short run answers are not compressed, long ones are, none is cached", async ({ page, request }) => {
  await signUp(page, uniqueEmail("compression"));
  await page.goto("/settings/api-keys");
  await page.getByLabel("Key name").fill("compression");
  await page.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByTestId("new-api-key").textContent())!.trim();
  const headers = { authorization: `Bearer ${key}`, "accept-encoding": "gzip" };

  async function runOf(value: string) {
    const created = await request.post("/api/workflows", { headers, data: { name: `answer of ${value.length}` } });
    const { workflow } = (await created.json()) as { workflow: { id: string } };
    const current = (await (await request.get(`/api/workflows/${workflow.id}`, { headers })).json()) as { workflow: { revision: number } };
    expect((await request.patch(`/api/workflows/${workflow.id}`, { headers, data: { definition: definition(value), revision: current.workflow.revision } })).status()).toBe(200);
    return request.post(`/api/workflows/${workflow.id}/runs?wait=true`, { headers, data: { inputs: {} } });
  }

  const short = await runOf("small");
  expect(short.status()).toBe(200);
  expect(((await short.json()) as { status: string }).status).toBe("completed");
  expect(short.headers()["content-encoding"]).toBeUndefined();
  expect(short.headers()["cache-control"]).toBe("no-store, no-transform");

  const long = await runOf("x".repeat(20_000));
  expect(long.status()).toBe(200);
  expect(((await long.json()) as { outputs: { v: { value: string } } }).outputs.v.value).toHaveLength(20_000);
  expect(long.headers()["content-encoding"]).toBe("gzip");
  expect(long.headers()["cache-control"]).toBe("no-store");

  // The poll of a run's result answers the same way.
  const runId = ((await short.json()) as { runId: string }).runId;
  const polled = await request.get(`/api/runs/${runId}`, { headers });
  expect(polled.status()).toBe(200);
  expect(polled.headers()["content-encoding"]).toBeUndefined();
});
