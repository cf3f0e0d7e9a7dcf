// Security headers on every page, and the app still working under its Content-Security-Policy:
// each page's document answer is checked (nonce CSP, frame-ancestors, nosniff, Referrer-Policy),
// the canvas adds a node, connects it and runs, and no page reports a CSP violation or an error.
// The share page can be framed by another site only at /embed, once its owner allows it.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type BrowserContext, type Page, type Response } from "@playwright/test";
import { createWorkflow, settledBox, signUp, uniqueEmail } from "./helpers";

type Seen = { url: string; status: number; headers: Record<string, string> };

/** Records every main-document answer, console error and page error of a page. */
function watch(page: Page, problems: string[], documents: Seen[]) {
  page.on("console", (message) => {
    // Chrome logs the 404 of a page asked for on purpose (the 404 page, an embed not allowed).
    if (/status of 404/.test(message.text()) && /\/(no-such-page|share\/[^/]+\/embed)$/.test(message.location().url)) return;
    if (message.type() === "error" || /Content Security Policy|CSP/i.test(message.text())) problems.push(`${page.url()}: console ${message.type()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`${page.url()}: page error: ${error.message}`));
  page.on("response", (response: Response) => {
    if (response.request().isNavigationRequest() && response.frame() === page.mainFrame()) documents.push({ url: response.url(), status: response.status(), headers: response.headers() });
  });
}

// The browser reports a blocked resource in the console; this also catches silent ones.
const REPORT_VIOLATIONS = `document.addEventListener("securitypolicyviolation", (e) => console.error("CSP violation: " + e.violatedDirective + " blocked " + e.blockedURI));`;

function expectPageHeaders(seen: Seen, tokenPage = false) {
  const where = `${new URL(seen.url).pathname} (${seen.status})`;
  const csp = seen.headers["content-security-policy"] ?? "";
  expect(csp, where).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{22,}' 'strict-dynamic'/);
  expect(csp, where).toContain("frame-ancestors 'none'");
  expect(csp, where).toContain("object-src 'none'");
  expect(seen.headers["x-content-type-options"], where).toBe("nosniff");
  expect(seen.headers["x-frame-options"], where).toBe("DENY");
  expect(seen.headers["referrer-policy"], where).toBe(tokenPage ? "no-referrer" : "strict-origin-when-cross-origin");
}

const approvalFlow = {
  version: 1,
  name: "Approve it",
  nodes: [
    { id: "trigger", type: "trigger", config: {} },
    { id: "review", type: "approval", config: { message: "Ship it?", approvers: ["boss@example.com"] } },
    { id: "done", type: "output", config: { name: "by", value: "{{review.decidedBy}}" } },
  ],
  edges: [{ id: "e1", source: "trigger", target: "review" }, { id: "e2", source: "review", target: "done", sourceHandle: "approved" }],
};

test("every page carries the security headers and works under its CSP", async ({ page, browser, baseURL }) => {
  test.setTimeout(240_000);
  const problems: string[] = [];
  const documents: Seen[] = [];
  const contexts: BrowserContext[] = [];
  const fresh = async () => {
    const context = await browser.newContext();
    contexts.push(context);
    await context.addInitScript(REPORT_VIOLATIONS);
    const other = await context.newPage();
    watch(other, problems, documents);
    return other;
  };
  await page.context().addInitScript(REPORT_VIOLATIONS);
  watch(page, problems, documents);
  const last = () => documents[documents.length - 1];

  await page.goto("/sign-up");
  expectPageHeaders(last());
  await signUp(page, uniqueEmail("headers"));
  expectPageHeaders(last());

  // The canvas under the policy: add a node, connect it, run.
  await createWorkflow(page, "Under CSP");
  await page.getByRole("link", { name: "Under CSP", exact: true }).click();
  await expect(page.getByTestId("workflow-editor")).toBeVisible();
  expectPageHeaders(last());
  const pane = page.locator(".react-flow__pane");
  const box = (await pane.boundingBox())!;
  await page.getByTestId("palette-output").dragTo(pane, { targetPosition: { x: box.width * 0.75, y: box.height * 0.5 } });
  await page.locator("#output-name").fill("greeting");
  await page.locator("#output-value").fill("hello");
  await page.getByRole("button", { name: "Close panel" }).click();
  await expect(page.getByTestId("node-panel")).toHaveCount(0);
  // The canvas grows into the panel's room and re-fits: measure the handles once they stand still.
  const from = await settledBox(page.getByTestId("node-trigger").locator('.react-flow__handle.source[data-handleid="source"]'));
  const to = await settledBox(page.getByTestId("node-output").locator(".react-flow__handle.target"));
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 10 });
  await page.mouse.up();
  await expect(page.locator(".react-flow__edge")).toHaveCount(1);
  await expect(page.getByTestId("save-status")).toHaveText(/Saved/);
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "completed");
  await expect(page.getByTestId("node-output")).toHaveAttribute("data-run-status", "completed");

  // The run's page, its share link, and the owner's embedding switch.
  await page.getByRole("link", { name: "Open the run's page" }).click();
  await expect(page).toHaveURL(/\/runs\/run_/);
  await expect(page.getByTestId("run-canvas")).toBeVisible();
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "completed");
  expectPageHeaders(last());
  const runUrl = page.url();
  await page.getByRole("button", { name: "Share", exact: true }).click();
  const sharePath = new URL(await page.getByTestId("share-url").inputValue()).pathname;

  for (const path of ["/workflows", "/settings/api-keys", "/settings/secrets", "/outbox", "/no-such-page"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(path === "/no-such-page" ? 404 : 200);
    expectPageHeaders(last());
  }
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/settings\/api-keys$/);

  // An approval link, opened signed out, decided under the policy (form post by fetch).
  await page.goto("/workflows");
  await createWorkflow(page, "Approve it");
  await page.getByRole("link", { name: "Approve it", exact: true }).click();
  await page.getByTestId("import-file").setInputFiles({ name: "flow.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(approvalFlow)) });
  await expect(page.getByTestId("node-review")).toBeVisible();
  await expect(page.getByTestId("save-status")).toHaveText(/Saved/);
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "paused");
  await page.goto("/outbox");
  const approvePath = (await page.getByTestId("outbox-link").first().getAttribute("href"))!;
  const approver = await fresh();
  await approver.goto(approvePath);
  expectPageHeaders(last(), true);
  await expect(approver.getByTestId("approval-message")).toContainText("Ship it?");
  await approver.getByRole("button", { name: "Reject" }).click();
  await expect(approver.getByTestId("approval-outcome")).toContainText("Rejected");

  // Signed out: the sign-in page and the share page (no referrer: its URL is the credential).
  await approver.goto("/sign-in");
  expectPageHeaders(last());
  await approver.goto(sharePath);
  expectPageHeaders(last(), true);
  await expect(approver.getByTestId("shared-workflow-name")).toHaveText("Under CSP");
  await expect(approver.getByTestId("node-output")).toHaveAttribute("data-run-status", "completed");
  expect(problems, "no CSP violations or errors on any page").toEqual([]);

  // Embedding: off by default (the embed page is 404); framing the plain share page never works.
  const embedPath = `${sharePath}/embed`;
  expect((await approver.goto(embedPath))?.status()).toBe(404);
  await page.goto(runUrl);
  await page.getByTestId("share-embeddable").click();
  await expect(page.getByTestId("share-embeddable")).toBeChecked();
  await expect(page.getByTestId("share-embed-url")).toContainText("/embed");
  await page.getByTestId("share-control").screenshot({ path: "test-results/share-control-embed.png" });
  // The switch answers at once; the server's answer follows.
  await expect.poll(async () => (await approver.request.get(embedPath)).status()).toBe(200);
  const embedded = await approver.goto(embedPath);
  expect(embedded?.status()).toBe(200);
  expect(embedded?.headers()["content-security-policy"]).toContain("frame-ancestors *");
  expect(embedded?.headers()["x-frame-options"]).toBeUndefined();

  // Another site (another origin on this machine) frames both: only the embed page shows.
  const embedder = createServer((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end(`<iframe id="plain" src="${baseURL}${sharePath}"></iframe><iframe id="embed" src="${baseURL}${embedPath}"></iframe>`));
  await new Promise<void>((resolve) => embedder.listen(0, "127.0.0.1", resolve));
  const site = await fresh();
  const blocked: string[] = [];
  site.on("console", (m) => blocked.push(m.text()));
  await site.goto(`http://127.0.0.1:${(embedder.address() as AddressInfo).port}/`);
  await expect(site.frameLocator("#embed").getByTestId("shared-workflow-name")).toHaveText("Under CSP");
  await expect.poll(() => blocked.some((text) => /frame-ancestors 'none'/.test(text))).toBe(true);
  await expect(site.frameLocator("#plain").getByTestId("shared-workflow-name")).toHaveCount(0);
  embedder.close();
  for (const context of contexts) await context.close();
});
