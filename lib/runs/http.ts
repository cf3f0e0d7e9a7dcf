// Shared by the run routes: who asks (401 without credentials), the service's refusals as JSON
// (404 for unknown and others' ids, 400, 409), never a stack trace.
import { resolveCaller, type Caller } from "@/lib/auth/api-keys";
import { getDb } from "@/lib/db/client";
import type { Db } from "@/lib/db/types";
import { jsonError, MAX_JSON_BYTES, readJsonBody, type JsonBodyResult } from "@/lib/http/json";
import type { z } from "zod";
import { RunServiceError } from "./errors";
import { describeError } from "./log";

export const unauthorized = () => jsonError(401, "Sign in, or send an API key as Authorization: Bearer <key>");

/** Runs `work` for an identified caller; maps the service's errors to their statuses. */
export async function asCaller(request: Request, work: (caller: Caller, db: Db) => Promise<Response>): Promise<Response> {
  try {
    const { db } = await getDb();
    const caller = await resolveCaller(request, db);
    if (!caller) return unauthorized();
    return await work(caller, db);
  } catch (error) {
    if (error instanceof RunServiceError) return Response.json(error.toJSON(), { status: error.status });
    console.error(`[api] unexpected error: ${describeError(error)}`);
    return jsonError(500, "Something went wrong on our side; nothing was changed by this request");
  }
}

/** A JSON body that may be absent (then `{}`); otherwise as readJsonBody (400/413 with a reason). */
export async function readOptionalJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<JsonBodyResult<z.output<S>>> {
  // No body at all, or an empty one (some clients send a zero-length stream): the defaults.
  const declared = Number(request.headers.get("content-length") ?? "0");
  const empty = !request.body || (declared <= MAX_JSON_BYTES && (await request.clone().text()).trim() === "");
  if (empty) {
    const parsed = schema.safeParse({});
    if (parsed.success) return { ok: true, data: parsed.data };
  }
  return readJsonBody(request, schema);
}

export { MAX_JSON_BYTES };

/** Run ids look like run_<hex>; anything else is unknown without asking the database. */
export const looksLikeRunId = (id: string) => /^run_[A-Za-z0-9_-]{1,80}$/.test(id);
