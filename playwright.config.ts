// End-to-end tests in Debian's Chromium against a production build (`next start`).
// Run through `npm run test:e2e` (scripts/e2e.mjs), which builds once and picks a free port,
// a fresh data dir and, for PostgreSQL, a throwaway database.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT || 3100);
const baseURL = `http://127.0.0.1:${port}`;
// Set once in the runner; workers inherit it, so they all talk about the same server.
process.env.FLOWMAESTRO_DATA_DIR ||= mkdtempSync(join(tmpdir(), "fm-e2e-"));
process.env.E2E_DB_KIND ||= process.env.DATABASE_URL ? "postgres" : "pglite";

export default defineConfig({
  testDir: "e2e",
  // Screenshots for docs/ are taken on request only (SCREENSHOTS=1), not in every test run.
  testIgnore: process.env.SCREENSHOTS ? [] : ["**/screenshots.spec.ts"],
  // One worker: the machine's two cores also run the server (and other work).
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  outputDir: "test-results/e2e",
  use: {
    baseURL,
    browserName: "chromium",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
    viewport: { width: 1280, height: 800 },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  webServer: {
    command: `npx --no-install next start -H 127.0.0.1 -p ${port}`,
    // Answers only once migrations ran (instrumentation.ts) and the database is open.
    url: `${baseURL}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    // Approval mail goes to the SMTP server e2e/approvals.spec.ts starts on this port (scripts/e2e.mjs picks it).
    // e2e/llm.spec.ts: llm nodes call a fake OpenAI-compatible server on loopback (private HTTP
    // allowed), priced from the operator's table (FLOWMAESTRO_LLM_PRICES).
    env: { NODE_ENV: "production", FLOWMAESTRO_ALLOW_PRIVATE_HTTP: "1", FLOWMAESTRO_LLM_PRICES: JSON.stringify({ "fm-e2e-model": { input: 2, output: 10 } }), ...(process.env.E2E_SMTP_PORT ? { SMTP_URL: `smtp://127.0.0.1:${process.env.E2E_SMTP_PORT}`, MAIL_FROM: "FlowMaestro <flows@example.test>" } : {}) },
  },
});
