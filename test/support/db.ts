// node:test helpers over lib/db/testing: run a suite once per database kind, each with its own
// throwaway database (PGlite temp folder from the migrated template, or fm_test_<random> on the
// local PostgreSQL). FLOWMAESTRO_TEST_DBS=pglite (or postgres) narrows the kinds.
import { after, before, describe } from "node:test";
import { createTestDb, type TestDb } from "../../lib/db/testing";
import { wireRuns } from "../../lib/wiring";

// As instrumentation.ts does in the app: runs tell approvers about waitpoints (lib/wiring.ts).
wireRuns();
import type { DbKind } from "../../lib/db/types";

export { createTestDataDir, createTestDb, createTestPostgresDatabase } from "../../lib/db/testing";

export const TEST_DB_KINDS: DbKind[] = (process.env.FLOWMAESTRO_TEST_DBS || "pglite,postgres")
  .split(",")
  .map((k) => k.trim())
  .filter((k): k is DbKind => k === "pglite" || k === "postgres");

/**
 * describe(`<name> [<kind>]`) for each database kind; `getTestDb()` inside tests returns that
 * suite's database (opened before its tests, cleaned up after them).
 */
export function describeEachDb(name: string, body: (getTestDb: () => TestDb) => void): void {
  for (const kind of TEST_DB_KINDS) {
    describe(`${name} [${kind}]`, () => {
      let testDb: TestDb | undefined;
      before(async () => {
        testDb = await createTestDb(kind);
      });
      after(async () => {
        await testDb?.cleanup();
      });
      body(() => {
        if (!testDb) throw new Error(`The ${kind} test database did not open (see the before hook).`);
        return testDb;
      });
    });
  }
}
