// Request rules against next start, over real sockets: an oversize upload is refused while it
// streams (the server answers 413 and closes the connection long before the writer is done),
// CSRF on cookie requests, and the workflow API with an API key.
import http from "node:http";
import { expect, test, type Page } from "@playwright/test";
import { fromTheApp, signUp, uniqueEmail } from "./helpers";

const UPLOAD = 64 * 1024 * 1024;

type Upload = { status: number | null; body: string; sentWhenAnswered: number | null; sent: number; ended: "refused" | "finished" };

/**
 * POSTs `total` bytes chunked (no Content-Length) and keeps writing after the answer, until the
 * server closes the connection or everything was written.
 */
function chunkedUpload(url: string, headers: Record<string, string>, total = UPLOAD): Promise<Upload> {
  return new Promise((resolve) => {
    const target = new URL(url);
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const result: Upload = { status: null, body: "", sentWhenAnswered: null, sent: 0, ended: "finished" };
    const req = http.request({ host: target.hostname, port: target.port, path: target.pathname, method: "POST", headers: { ...headers, "transfer-encoding": "chunked" } });
    let settled = false;
    const settle = (ended: Upload["ended"]) => {
      if (settled) return;
      settled = true;
      result.ended = ended;
      resolve(result);
    };
    req.on("response", (res) => {
      result.status = res.statusCode ?? null;
      result.sentWhenAnswered = result.sent;
      res.on("data", (d: Buffer) => (result.body += d.toString()));
    });
    req.on("error", () => settle("refused"));
    req.on("close", () => settle(result.sent < total ? "refused" : "finished"));
    const pump = () => {
      while (result.sent < total && !req.destroyed) {
        result.sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (result.sent >= total) req.end();
    };
    pump();
  });
}

async function apiKey(page: Page): Promise<string> {
  await page.goto("/settings/api-keys");
  await page.getByLabel("Key name").fill("requests");
  await page.getByRole("button", { name: "Create key" }).click();
  return (await page.getByTestId("new-api-key").textContent())!;
}

test("an oversize chunked upload gets 413 and a closed connection long before 64 MB are sent", async ({ page, baseURL }) => {
  await signUp(page, uniqueEmail("upload"));
  const key = await apiKey(page);
  const targets: [string, Record<string, string>][] = [
    ["/api/workflows", { authorization: `Bearer ${key}`, "content-type": "application/json" }],
    // Public, and kept out of the proxy (which would read the whole body first).
    ["/approve/x/decide", { origin: baseURL!, "content-type": "application/x-www-form-urlencoded" }],
  ];
  for (const [path, headers] of targets) {
    const upload = await chunkedUpload(`${baseURL}${path}`, headers);
    expect(upload.status, path).toBe(413);
    expect(upload.body).toMatch(/larger than \d+ bytes/);
    expect(upload.ended, `${path}: the server closed the connection`).toBe("refused");
    // Loopback socket buffers hold a few MB; the answer came after a fraction of the upload.
    expect(upload.sentWhenAnswered!, path).toBeLessThan(UPLOAD / 2);
    expect(upload.sent, path).toBeLessThan(UPLOAD);
  }
  // The server is fine afterwards.
  expect((await page.request.get("/api/health")).status()).toBe(200);
});

test("CSRF: another site's cookie request is refused; the app's own and API keys are not", async ({ page, request }) => {
  await signUp(page, uniqueEmail("csrf"));
  const key = await apiKey(page);
  const evil = { origin: "http://evil.example", "content-type": "text/plain" };
  const forged = await page.request.post("/api/workflows", { data: JSON.stringify({ name: "planted" }), headers: evil });
  expect(forged.status()).toBe(403);
  expect((await page.request.post("/api/workflows", { data: { name: "mine" }, headers: { ...fromTheApp(page), "content-type": "text/plain" } })).status()).toBe(415);
  expect((await page.request.post("/api/workflows", { data: { name: "mine" }, headers: fromTheApp(page) })).status()).toBe(201);
  const byKey = await request.post("/api/workflows", { data: JSON.stringify({ name: "scripted" }), headers: { ...evil, authorization: `Bearer ${key}` } });
  expect(byKey.status()).toBe(201);

  // The workflow API takes the key: names and input schemas; a revoked-looking key beside the cookie is 401.
  const list = await request.get("/api/workflows", { headers: { authorization: `Bearer ${key}` } });
  const { workflows } = (await list.json()) as { workflows: { id: string; name: string; inputs: unknown }[] };
  expect(workflows.map((w) => w.name).sort()).toEqual(["mine", "scripted"]);
  expect(workflows[0]).toHaveProperty("inputs");
  expect((await request.get(`/api/workflows/${workflows[0].id}`, { headers: { authorization: `Bearer ${key}` } })).status()).toBe(200);
  expect((await page.request.get("/api/workflows", { headers: { authorization: `Bearer fm_${"x".repeat(43)}` } })).status()).toBe(401);
});
