// PostgreSQL through postgres.js, when DATABASE_URL is set.
import postgres from "postgres";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import * as schema from "./schema";
import { redactUrl } from "./config";
import { resolveMigrationsFolder } from "./migrations-folder";
import type { Db, DbHandle, OpenOptions } from "./types";

export interface PostgresOpenOptions extends OpenOptions {
  poolSize?: number;
}

export interface PostgresHandle extends DbHandle {
  kind: "postgres";
  client: postgres.Sql;
}

// postgres.js prints every NOTICE (e.g. "schema drizzle already exists") unless told not to.
const quiet = { onnotice: () => {} };

export async function openPostgres(url: string, options: PostgresOpenOptions = {}): Promise<PostgresHandle> {
  if (options.migrate !== false) await migratePostgres(url, resolveMigrationsFolder(options.migrationsFolder));
  const client = postgres(url, { ...quiet, max: options.poolSize ?? 10, idle_timeout: 30, connect_timeout: 10 });
  const db = drizzle({ client, schema }) as unknown as Db;
  let closing: Promise<void> | undefined;
  return {
    db,
    kind: "postgres",
    location: redactUrl(url),
    client,
    close() {
      closing ??= client.end({ timeout: 5 });
      return closing;
    },
  };
}

/**
 * Applies migrations on one dedicated connection holding a session advisory lock, so processes
 * starting together (app + CLI, parallel tests) don't race to create the same tables.
 */
export async function migratePostgres(url: string, migrationsFolder: string): Promise<void> {
  const sql = postgres(url, { ...quiet, max: 1, connect_timeout: 10 });
  try {
    await sql`select pg_advisory_lock(hashtext('flowmaestro:migrations'))`;
    await migrate(drizzle({ client: sql }), { migrationsFolder });
  } finally {
    await sql.end({ timeout: 5 });
  }
}
