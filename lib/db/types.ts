import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type * as schema from "./schema";

export type Schema = typeof schema;
/** The drizzle database, the same query API on PGlite and on PostgreSQL. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** What db.transaction() hands its callback; also a Db for queries. */
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** A Db or a transaction: what store functions accept so they compose inside transactions. */
export type DbOrTx = Db | Tx;
export type DbKind = "pglite" | "postgres";

export interface DbHandle {
  db: Db;
  kind: DbKind;
  /** The PGlite data folder, or the PostgreSQL URL with its password masked. */
  location: string;
  /** Closes the connection (and releases the embedded folder's lock). Idempotent. */
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Folder holding drizzle's migrations (default: ./drizzle found from cwd or this package). */
  migrationsFolder?: string;
  /** Apply pending migrations on open (default true). */
  migrate?: boolean;
  /** Recorded in the embedded lock file to name this process to others. */
  command?: string;
  /** Embedded only: how long to wait for another live local process to release the folder (default 0: fail at once). */
  lockWaitMs?: number;
}
