/**
 * What the tasks get from their surroundings: the app's database (DATABASE_URL; migrations are
 * the app's job, so none are applied here) and the platform calls. Both are Trigger.dev `locals`,
 * so a test (runInMockTaskContext's locals.set) can hand in a test database and an in-process
 * stand-in for the platform without touching the task code.
 */
import { AbortTaskRunError, locals } from "@trigger.dev/sdk";
import { getDb } from "../lib/db/client";
import type { Db } from "../lib/db/types";
import type { TriggerPlatform } from "../lib/runs/trigger/platform";

export const dbLocal = locals.create<Db>("flowmaestro.db");
export const platformLocal = locals.create<TriggerPlatform>("flowmaestro.platform");

export async function taskDb(): Promise<Db> {
  const injected = locals.get(dbLocal);
  if (injected) return injected;
  if (!process.env.DATABASE_URL) {
    // Without it the worker would open an empty embedded database of its own: refuse, never retry.
    throw new AbortTaskRunError("DATABASE_URL is not set in this Trigger.dev environment: set it to the app's PostgreSQL (see docs/trigger-dev.md)");
  }
  // One connection: the platform's advice for task workers (many run at once against one database).
  const handle = await getDb({ migrate: false, command: "trigger.dev task", poolSize: 1 });
  return locals.set(dbLocal, handle.db);
}
