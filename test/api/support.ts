// Route-handler tests call the app's route modules in-process against the process-wide database
// (getDb), once per database kind. Sessions are real Auth.js session cookies (JWTs encrypted with
// AUTH_SECRET, as the sign-in flow sets them); API keys are created through lib/auth/api-keys.
import { after, before, describe } from "node:test";
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { encode } from "next-auth/jwt";
import { closeDb, getDb } from "../../lib/db/client";
import type { Db } from "../../lib/db/types";
import { settleActive } from "../../lib/runs/active";
import { createTestDataDir, createTestPostgresDatabase, TEST_DB_KINDS } from "../support/db";

process.env.AUTH_SECRET ||= randomBytes(32).toString("base64url");
process.env.FLOWMAESTRO_SECRET_KEY ||= randomBytes(32).toString("base64");

export function describeEachAppDb(name: string, body: (db: () => Db) => void): void {
  for (const kind of TEST_DB_KINDS) {
    describe(`${name} [${kind}]`, () => {
      let db: Db | undefined;
      let cleanup = async () => {};
      before(async () => {
        await closeDb();
        if (kind === "pglite") {
          const dataDir = await createTestDataDir();
          process.env.DATABASE_URL = "";
          process.env.FLOWMAESTRO_DATA_DIR = dataDir;
          cleanup = async () => rmSync(dataDir, { recursive: true, force: true });
        } else {
          const database = await createTestPostgresDatabase();
          process.env.DATABASE_URL = database.url;
          cleanup = database.drop;
        }
        db = (await getDb()).db;
      });
      after(async () => {
        await settleActive();
        await closeDb();
        await cleanup();
      });
      body(() => {
        if (!db) throw new Error(`the ${kind} database did not open`);
        return db;
      });
    });
  }
}

/** The Cookie header of a signed-in user's browser. */
export async function sessionCookie(userId: string): Promise<string> {
  const name = "authjs.session-token";
  const token = await encode({ token: { sub: userId, name: "test" }, secret: process.env.AUTH_SECRET!, salt: name });
  return `${name}=${token}`;
}

export type Params = Record<string, string>;
type Handler<P extends Params> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;

/** Calls a route handler the way Next does: a Request and the route's params. */
export function call<P extends Params>(handler: Handler<P>, path: string, params: P, init: RequestInit & { headers?: Record<string, string> } = {}): Promise<Response> {
  return handler(new Request(`http://127.0.0.1${path}`, init), { params: Promise.resolve(params) });
}

export const json = (body: unknown, headers: Record<string, string> = {}): RequestInit & { headers: Record<string, string> } => ({
  method: "POST",
  body: typeof body === "string" ? body : JSON.stringify(body),
  headers: { "content-type": "application/json", ...headers },
});
