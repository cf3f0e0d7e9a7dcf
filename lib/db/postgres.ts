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
  const db = drizzle({ client: preparing(client), schema }) as unknown as Db;
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
 * The client as drizzle should use it: every statement a named prepared statement (postgres.js
 * keeps them per connection), unless `?prepare=false` in the URL or PGPREPARE=false says not to (PgBouncer in
 * transaction mode). drizzle sends `prepare: false` for every query it did not name, and then
 * postgres.js asks PostgreSQL for the parameter types before each execution: two round trips per
 * statement. Prepared, one after the first use on a connection (issue 18: a plain REST run is about
 * six statements). A plan a migration made stale is re-prepared by postgres.js itself.
 */
export function preparing(sql: postgres.Sql): postgres.Sql {
  return preparesStatements(sql.options.prepare) ? prepared(sql) : sql;
}

/** postgres.js turns `?prepare=false` into false, but passes PGPREPARE through as text ("false" is truthy). */
const preparesStatements = (option: unknown) => option !== false && !["false", "0", "off", "no", "disable"].includes(String(option).toLowerCase());

function prepared(sql: postgres.Sql): postgres.Sql {
  // A transaction's client has no options of its own: the pool's decided.
  const scoped = <R,>(fn: (inner: postgres.Sql) => R) => (inner: postgres.Sql) => fn(prepared(inner));
  return new Proxy(sql, {
    get(target, key, receiver) {
      if (key === "unsafe") return (query: string, params?: unknown[], options?: postgres.UnsafeQueryOptions) => target.unsafe(query, params as never, { ...options, prepare: true });
      // Transactions and savepoints hand drizzle a connection-scoped client: prepared the same way.
      if (key === "begin" || key === "savepoint") {
        return (...args: unknown[]) => {
          const fn = args.at(-1) as (inner: postgres.Sql) => unknown;
          const method = Reflect.get(target, key, target) as (...a: unknown[]) => unknown;
          return method.apply(target, [...args.slice(0, -1), scoped(fn)]);
        };
      }
      const value: unknown = Reflect.get(target, key, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
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
