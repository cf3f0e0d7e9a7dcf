// `npm run db:migrate`: applies ./drizzle's migrations to the configured database
// (DATABASE_URL, else embedded PGlite under FLOWMAESTRO_DATA_DIR) and says which one.
import { sql } from "drizzle-orm";
import { DataDirLockedError, describeConfiguredDb, openDb } from "../lib/db/client";

async function main(): Promise<number> {
  console.log(`Applying migrations to ${describeConfiguredDb()} ...`);
  const handle = await openDb({ command: "npm run db:migrate" });
  try {
    const result = await handle.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { n: number }[];
    console.log(`Done: ${rows[0]?.n ?? "?"} migration(s) applied in total.`);
    return 0;
  } finally {
    await handle.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof DataDirLockedError) console.error(err.message);
    else console.error(err instanceof Error ? `Migration failed: ${err.message}` : err);
    process.exit(1);
  },
);
