// Immutable workflow definition snapshots. A run always points at one.
import { desc, eq, max } from "drizzle-orm";
import { workflowVersions, type WorkflowVersion } from "../../db/schema";
import type { DbOrTx } from "../../db/types";
import { isUniqueViolation } from "./errors";
import { newId } from "./ids";

/**
 * Stores a definition as the next version of its workflow (version 1 with no workflow: a
 * command-line run). Retries when another writer took the same version number.
 */
export async function createVersion(
  db: DbOrTx,
  input: { workflowId?: string | null; definition: unknown },
): Promise<WorkflowVersion> {
  const workflowId = input.workflowId ?? null;
  for (let attempt = 0; ; attempt++) {
    const version = workflowId ? (await latestVersion(db, workflowId)) + 1 : 1;
    try {
      // A savepoint, so a collision doesn't abort the caller's transaction.
      const [row] = await db.transaction((tx) =>
        tx
          .insert(workflowVersions)
          .values({ id: newId("ver"), workflowId, version, definition: input.definition })
          .returning(),
      );
      return row;
    } catch (err) {
      if (!isUniqueViolation(err) || attempt >= 4) throw err;
    }
  }
}

async function latestVersion(db: DbOrTx, workflowId: string): Promise<number> {
  const [row] = await db
    .select({ v: max(workflowVersions.version) })
    .from(workflowVersions)
    .where(eq(workflowVersions.workflowId, workflowId));
  return row?.v ?? 0;
}

export async function getVersion(db: DbOrTx, versionId: string): Promise<WorkflowVersion | null> {
  const [row] = await db.select().from(workflowVersions).where(eq(workflowVersions.id, versionId));
  return row ?? null;
}

/**
 * The workflow's latest version when its definition equals `definition` (key order aside: jsonb
 * reorders keys), else a new version. Runs of an unchanged workflow share one version row.
 * Atomic without a lock: the next number is claimed with INSERT … ON CONFLICT DO NOTHING on the
 * (workflow, version) unique key; a writer that loses the race reads the winner's row and reuses
 * it when the definition is the same (50 simultaneous first runs: one row, no error).
 */
export async function findVersionOrCreate(db: DbOrTx, input: { workflowId: string; definition: unknown }): Promise<WorkflowVersion> {
  const wanted = canonical(input.definition);
  return remember(db, input.workflowId, wanted, await findOrCreate(db, input, wanted));
}

/**
 * The version a run of the workflow's `definition` executes: findVersionOrCreate, or the version the
 * last run here used when the definition is still the same (no read).
 */
export async function versionToRun(db: DbOrTx, input: { workflowId: string; definition: unknown }): Promise<WorkflowVersion> {
  const wanted = canonical(input.definition);
  const known = versionsSeen(db);
  const seen = known.get(input.workflowId);
  if (seen?.canonical === wanted) return seen.version;
  return remember(db, input.workflowId, wanted, await findOrCreate(db, input, wanted));
}

/** The workflow's version to run from now on in this process (a saved version too: the newest wins). */
function remember(db: DbOrTx, workflowId: string, wanted: string, version: WorkflowVersion): WorkflowVersion {
  const known = versionsSeen(db);
  known.delete(workflowId); // re-inserted last: the map's order is its age
  known.set(workflowId, { canonical: wanted, version });
  if (known.size > SEEN_LIMIT) known.delete(known.keys().next().value!);
  return version;
}

/** Forgets the workflow's remembered version (its row is gone: a run insert named it and failed). */
export function forgetVersion(db: DbOrTx, workflowId: string): void {
  versionsSeen(db).delete(workflowId);
}

/**
 * The version each workflow's last run here used, by database: a run of an unchanged workflow needs
 * no version read (issue 18). Safe across instances: a version row never changes, so one whose
 * definition equals the workflow's is a right version to run, whoever made a newer one since (a
 * saved checkpoint, "the latest version unless it changed", still reads: findVersionOrCreate).
 */
const seenByDb = new WeakMap<DbOrTx, Map<string, { canonical: string; version: WorkflowVersion }>>();
const SEEN_LIMIT = 1000;

function versionsSeen(db: DbOrTx) {
  let known = seenByDb.get(db);
  if (!known) seenByDb.set(db, (known = new Map()));
  return known;
}

async function findOrCreate(db: DbOrTx, input: { workflowId: string; definition: unknown }, wanted: string): Promise<WorkflowVersion> {
  // Every lost round means another writer created a version, so this ends; the cap is a backstop.
  for (let attempt = 0; attempt < 100; attempt++) {
    const [latest] = await db
      .select()
      .from(workflowVersions)
      .where(eq(workflowVersions.workflowId, input.workflowId))
      .orderBy(desc(workflowVersions.version))
      .limit(1);
    if (latest && canonical(latest.definition) === wanted) return latest;
    const [created] = await db
      .insert(workflowVersions)
      .values({ id: newId("ver"), workflowId: input.workflowId, version: (latest?.version ?? 0) + 1, definition: input.definition })
      .onConflictDoNothing({ target: [workflowVersions.workflowId, workflowVersions.version] })
      .returning();
    if (created) return created;
  }
  throw new Error(`workflow ${input.workflowId}: could not claim a version number (too many concurrent writers)`);
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
