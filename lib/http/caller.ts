// The wrapper of every credentialed API route: who asks (session cookie or API key, one resolver),
// CSRF rules for cookie requests that change something, and the service's refusals as JSON (404
// for unknown and others' ids, 400, 409), never a stack trace.
import { resolveCaller, type Caller } from "@/lib/auth/api-keys";
import { getDb } from "@/lib/db/client";
import type { Db } from "@/lib/db/types";
import { RunServiceError } from "@/lib/runs/errors";
import { describeError } from "@/lib/runs/log";
import { workspacesOf } from "@/lib/workspaces/members";
import { jsonError } from "./body";
import { checkSameOrigin } from "./origin";

export type { Caller };

export const unauthorized = (withHeader = false) =>
  jsonError(
    401,
    withHeader
      ? "The Authorization header is not a live API key: send Authorization: Bearer <key> with a key from Settings → API keys (the session cookie is not used when the header is present)"
      : "Sign in, or send an API key as Authorization: Bearer <key>",
  );

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isJsonContentType(value: string | null): boolean {
  return (value ?? "").split(";")[0].trim().toLowerCase() === "application/json";
}

/**
 * A browser attaches the session cookie to requests any site makes. So a cookie request that
 * changes something must come from our own origin and say application/json (which another site
 * can't send without a CORS preflight we never grant). API keys are never attached by a browser.
 */
export function csrfRefusal(request: Request): Response | null {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return null;
  const origin = checkSameOrigin(request);
  if (!origin.same) return jsonError(403, `Refused: ${origin.reason}. Signed-in requests that change something must come from this app's pages; scripts send an API key`);
  if (!isJsonContentType(request.headers.get("content-type"))) {
    return jsonError(415, "Send requests that change something with Content-Type: application/json");
  }
  return null;
}

/** Runs `work` for an identified caller; maps the service's errors to their statuses. */
export async function asCaller(request: Request, work: (caller: Caller, db: Db) => Promise<Response>): Promise<Response> {
  try {
    const { db } = await getDb();
    const caller = await resolveCaller(request, db);
    if (!caller) return unauthorized(request.headers.has("authorization"));
    if (caller.via === "session") {
      const refused = csrfRefusal(request);
      if (refused) return refused;
    }
    return await work(caller, db);
  } catch (error) {
    if (error instanceof RunServiceError) return Response.json(error.toJSON(), { status: error.status });
    console.error(`[api] unexpected error: ${describeError(error)}`);
    return jsonError(500, "Something went wrong on our side; nothing was changed by this request");
  }
}

/**
 * The workspace a request lists in or creates in: an API key's own; for a session, `?workspace=<slug>`
 * (one of the user's) or else the personal workspace. An unknown slug is a 404.
 */
export async function requestWorkspace(db: Db, caller: Caller, request: Request): Promise<string> {
  if (caller.apiKey) return caller.apiKey.workspaceId;
  const slug = new URL(request.url).searchParams.get("workspace");
  const mine = await workspacesOf(db, caller.userId);
  const found = slug ? mine.find((w) => w.slug === slug) : mine.find((w) => w.personal);
  if (!found) throw new RunServiceError("not_found", "No such workspace: send ?workspace=<slug> of a workspace you are a member of");
  return found.id;
}
