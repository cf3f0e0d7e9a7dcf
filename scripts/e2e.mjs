#!/usr/bin/env node
// End-to-end tests: one production build, then Playwright in Debian's Chromium against
// `next start`, first on embedded PGlite (a fresh, empty data dir: the real first start), then
// on PostgreSQL when DATABASE_URL is set (a throwaway database created on that server).
//   node scripts/e2e.mjs [--no-build] [playwright args...]
//   E2E_DBS=pglite|postgres narrows the databases.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const CHROMIUM = "/usr/bin/chromium";
const args = process.argv.slice(2);
const skipBuild = args.includes("--no-build") || process.env.E2E_SKIP_BUILD === "1";
// `npm run test:e2e -- x.spec.ts` and `node scripts/e2e.mjs -- x.spec.ts` both pass x.spec.ts on
// (a "--" reaching Playwright would make it ignore the spec and run the whole suite).
const playwrightArgs = args.filter((arg) => arg !== "--no-build" && arg !== "--");

function run(command, commandArgs, options = {}) {
  const result = spawnSync(command, commandArgs, { stdio: "inherit", ...options });
  return result.status ?? 1;
}

function fail(message) {
  console.error(`\ne2e: ${message}`);
  process.exit(1);
}

function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  if (process.getuid?.() !== 0) {
    fail(`${CHROMIUM} is missing. Install Debian's Chromium first:\n  sudo apt-get update && sudo apt-get install -y chromium`);
  }
  console.log(`e2e: ${CHROMIUM} is missing; installing Debian's chromium package (about 90 s)`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  if (run("apt-get", ["update"], { env }) !== 0 || run("apt-get", ["install", "-y", "chromium"], { env }) !== 0) {
    fail("apt-get could not install chromium (see above)");
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function throwawayPostgres(baseUrl) {
  // The database layer's own helper (TypeScript, loaded through tsx).
  const { register } = await import("tsx/esm/api");
  register();
  const { createTestPostgresDatabase } = await import("../lib/db/testing.ts");
  return createTestPostgresDatabase(baseUrl);
}

async function runSuite(kind) {
  const dataDir = mkdtempSync(join(tmpdir(), `fm-e2e-${kind}-`));
  const port = await freePort();
  const env = { ...process.env, FLOWMAESTRO_DATA_DIR: dataDir, E2E_PORT: String(port), E2E_DB_KIND: kind, E2E_SMTP_PORT: String(await freePort()) };
  // The first start must generate the auth secret itself, as on a fresh clone.
  delete env.AUTH_SECRET;
  delete env.AUTH_URL;
  delete env.TRIGGER_SECRET_KEY;
  let database = null;
  if (kind === "postgres") {
    database = await throwawayPostgres(process.env.DATABASE_URL);
    env.DATABASE_URL = database.url;
  } else {
    delete env.DATABASE_URL;
  }
  const where = database ? `PostgreSQL database ${database.name}` : `PGlite in ${dataDir}`;
  console.log(`\ne2e [${kind}]: ${where}, server on 127.0.0.1:${port}`);
  const started = Date.now();
  try {
    return run("npx", ["--no-install", "playwright", "test", `--output=test-results/e2e-${kind}`, ...playwrightArgs], {
      env,
    });
  } finally {
    console.log(`e2e [${kind}]: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await database?.drop().catch((error) => console.warn(`e2e: could not drop ${database.name}: ${error.message}`));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

ensureChromium();
if (!skipBuild) {
  const started = Date.now();
  if (run("npx", ["--no-install", "next", "build"]) !== 0) fail("next build failed (see above)");
  console.log(`e2e: build took ${((Date.now() - started) / 1000).toFixed(1)} s`);
} else if (!existsSync(".next/BUILD_ID")) {
  fail("--no-build given but there is no production build in .next; run `npm run build` first");
}

const requested = (process.env.E2E_DBS || "pglite,postgres").split(",").map((kind) => kind.trim());
const kinds = requested.filter((kind) => kind === "pglite" || (kind === "postgres" && process.env.DATABASE_URL));
if (requested.includes("postgres") && !process.env.DATABASE_URL) {
  console.log("e2e: DATABASE_URL is not set; the PostgreSQL run is skipped");
}
for (const kind of kinds) {
  const status = await runSuite(kind);
  if (status !== 0) fail(`the ${kind} run failed (report and traces under test-results/e2e-${kind})`);
}
console.log(`\ne2e: passed on ${kinds.join(" and ")}`);
