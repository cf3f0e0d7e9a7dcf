// A `next start` of a spec's own, for tests that kill the server (the suite's server belongs to
// Playwright's config). Same database kind as the suite: PostgreSQL shares the suite's database;
// PGlite gets a folder of its own (a folder is one process's), kept across restarts. Short leases
// and sweeps, so a run orphaned by a kill is taken over quickly.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, openSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, type Page } from "@playwright/test";
import { PASSWORD, uniqueEmail } from "./helpers";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

export class OwnServer {
  private child: ChildProcess | null = null;
  readonly dataDir = mkdtempSync(join(tmpdir(), "fm-e2e-own-"));
  constructor(readonly port: number) {}

  static async create(): Promise<OwnServer> {
    return new OwnServer(await freePort());
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", FLOWMAESTRO_DATA_DIR: this.dataDir, FLOWMAESTRO_RUN_LEASE_MS: "2000", FLOWMAESTRO_SWEEP_MS: "500" };
    delete env.AUTH_SECRET; // generated into its data dir on the first start and kept: sessions survive restarts
    const log = openSync(join(this.dataDir, "server.log"), "a");
    // Its own process group: a kill takes npx and next-server together.
    this.child = spawn("npx", ["--no-install", "next", "start", "-H", "127.0.0.1", "-p", String(this.port)], { env, detached: true, stdio: ["ignore", log, log] });
    await expect.poll(() => fetch(`${this.url}/api/health`).then((r) => r.ok, () => false), { timeout: 120_000 }).toBe(true);
  }

  /** SIGKILL: no shutdown work of any kind, as in a crash. */
  kill(): void {
    if (this.child?.pid) process.kill(-this.child.pid, "SIGKILL");
    this.child = null;
  }

  dispose(): void {
    this.kill();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  async signUp(page: Page): Promise<void> {
    await page.goto(`${this.url}/sign-up`);
    await page.getByLabel("Email").fill(uniqueEmail("own"));
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page).toHaveURL(/\/workflows$/);
  }

  /** A workflow with this definition, through the REST API with the page's session. */
  async createWorkflow(page: Page, definition: { name: string }): Promise<string> {
    const headers = { origin: this.url };
    const created = await page.request.post(`${this.url}/api/workflows`, { headers, data: { name: definition.name } });
    expect(created.status()).toBe(201);
    const { workflow } = (await created.json()) as { workflow: { id: string; revision: number } };
    const current = (await (await page.request.get(`${this.url}/api/workflows/${workflow.id}`)).json()) as { workflow: { revision: number } };
    const saved = await page.request.patch(`${this.url}/api/workflows/${workflow.id}`, { headers, data: { definition, revision: current.workflow.revision } });
    expect(saved.status(), await saved.text()).toBe(200);
    return workflow.id;
  }

  /** Starts this server, signs a new user up, starts a run of `definition` and opens its run page. */
  async openNewRun(page: Page, definition: { name: string }): Promise<string> {
    await this.start();
    await this.signUp(page);
    const workflowId = await this.createWorkflow(page, definition);
    const started = await page.request.post(`${this.url}/api/workflows/${workflowId}/runs`, { headers: { origin: this.url }, data: { inputs: {} } });
    expect(started.status()).toBe(202);
    const { runId } = (await started.json()) as { runId: string };
    await page.goto(`${this.url}/runs/${runId}`);
    return runId;
  }
}
