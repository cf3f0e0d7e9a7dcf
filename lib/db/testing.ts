// Test support for both databases (used by unit, e2e and bench suites; never by the app).
// - PGlite: initdb of a fresh folder costs seconds, so one migrated template is dumped once per
//   machine (keyed by the migrations' content) and every test folder starts from it.
// - PostgreSQL: each suite gets its own throwaway database, created and dropped around it.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { PGlite } from "@electric-sql/pglite";
import { openDb } from "./client";
import { resolveMigrationsFolder } from "./migrations-folder";
import { openPglite } from "./pglite";
import type { DbHandle, DbKind } from "./types";

export const DEFAULT_TEST_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/test";

export interface TestDb {
  handle: DbHandle;
  /** PGlite: the FLOWMAESTRO_DATA_DIR to hand to child processes. PostgreSQL: undefined. */
  dataDir?: string;
  /** PostgreSQL: the DATABASE_URL of the throwaway database. PGlite: undefined. */
  databaseUrl?: string;
  /** Closes the handle and deletes the folder / drops the database. */
  cleanup(): Promise<void>;
}

/** A migrated, empty database of the given kind, private to the caller. */
export async function createTestDb(kind: DbKind, options: { migrationsFolder?: string } = {}): Promise<TestDb> {
  return kind === "pglite" ? createTestPglite(options) : createTestPostgres(options);
}

/**
 * A fresh FLOWMAESTRO_DATA_DIR (temp folder) whose pglite folder is already migrated, without
 * opening it: for tests that start another process on it.
 */
export async function createTestDataDir(options: { migrationsFolder?: string } = {}): Promise<string> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "fm-test-data-"));
  const template = await pgliteTemplate(options.migrationsFolder);
  const handle = await openPglite(path.join(dataDir, "pglite"), { ...options, loadDataDir: template, migrate: false });
  await handle.close();
  return dataDir;
}

async function createTestPglite(options: { migrationsFolder?: string }): Promise<TestDb> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "fm-test-data-"));
  const loadDataDir = await pgliteTemplate(options.migrationsFolder);
  const handle = await openDb({ ...options, dataDir, loadDataDir, command: "test" });
  return {
    handle,
    dataDir,
    async cleanup() {
      await handle.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function createTestPostgres(options: { migrationsFolder?: string }): Promise<TestDb> {
  const { url, drop } = await createTestPostgresDatabase();
  try {
    const handle = await openDb({ ...options, databaseUrl: url, poolSize: 4 });
    return {
      handle,
      databaseUrl: url,
      async cleanup() {
        await handle.close();
        await drop();
      },
    };
  } catch (err) {
    await drop();
    throw err;
  }
}

/**
 * CREATE DATABASE fm_test_<random> on the server of TEST_DATABASE_URL (default the local `test`
 * database's server) and return its URL; drop() removes it, closing any leftover connections.
 */
export async function createTestPostgresDatabase(
  baseUrl = process.env.TEST_DATABASE_URL || DEFAULT_TEST_POSTGRES_URL,
): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `fm_test_${crypto.randomBytes(6).toString("hex")}`;
  await withAdmin(baseUrl, (sql) => sql.unsafe(`create database "${name}"`));
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => withAdmin(baseUrl, (sql) => sql.unsafe(`drop database if exists "${name}" with (force)`)),
  };
}

async function withAdmin(baseUrl: string, work: (sql: postgres.Sql) => Promise<unknown>): Promise<void> {
  const sql = postgres(baseUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await work(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

const templates = new Map<string, Blob>();

/**
 * The migrated template's dump, created on first use and cached in the OS temp folder. It is an
 * uncompressed tar (~40 MB): loading it is ~0.3 s faster per test than the gzipped one (~5 MB).
 */
export async function pgliteTemplate(migrationsFolder?: string): Promise<Blob> {
  const folder = resolveMigrationsFolder(migrationsFolder);
  const file = path.join(os.tmpdir(), `flowmaestro-pglite-template-${migrationsKey(folder)}.tar`);
  const cached = templates.get(file);
  if (cached) return cached;
  if (!fs.existsSync(file)) await writeTemplate(file, folder);
  const blob = new Blob([fs.readFileSync(file)]);
  templates.set(file, blob);
  return blob;
}

async function writeTemplate(file: string, migrationsFolder: string): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fm-template-"));
  try {
    const handle = await openPglite(path.join(dir, "pglite"), { migrationsFolder, command: "test template" });
    const dump = await (handle.client as PGlite).dumpDataDir("none");
    await handle.close();
    // Parallel test processes may race here: each writes its own temp file, rename is atomic.
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(tmp, file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Changes whenever a migration or the PGlite version changes. */
function migrationsKey(folder: string): string {
  const hash = crypto.createHash("sha256");
  hash.update(PGLITE_VERSION_HINT);
  for (const name of fs.readdirSync(folder).filter((f) => f.endsWith(".sql")).sort()) {
    hash.update(name).update(fs.readFileSync(path.join(folder, name)));
  }
  return hash.digest("hex").slice(0, 16);
}

const PGLITE_VERSION_HINT = (() => {
  try {
    const pkg = path.join(process.cwd(), "node_modules", "@electric-sql", "pglite", "package.json");
    return (JSON.parse(fs.readFileSync(pkg, "utf8")) as { version?: string }).version ?? "unknown";
  } catch {
    return "unknown";
  }
})();
