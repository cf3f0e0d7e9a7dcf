// Run-route helpers. The credential, CSRF and body rules live in lib/http (one owner each); they
// are re-exported here for code that imported them from this module.
export { asCaller, unauthorized } from "@/lib/http/caller";
export { MAX_JSON_BYTES } from "@/lib/http/json";
import { readJsonBody, type JsonBodyResult } from "@/lib/http/json";
import type { z } from "zod";

/** A JSON body that may be absent (then `{}`); otherwise as readJsonBody (400/413 with a reason). */
export const readOptionalJsonBody = <S extends z.ZodType>(request: Request, schema: S): Promise<JsonBodyResult<z.output<S>>> =>
  readJsonBody(request, schema, { optional: true });

/** Run ids look like run_<hex>; anything else is unknown without asking the database. */
export const looksLikeRunId = (id: string) => /^run_[A-Za-z0-9_-]{1,80}$/.test(id);

/** The response header naming the last event a run result reflects (absent once the run ended: final). */
export const RUN_SEQ_HEADER = "FlowMaestro-Run-Seq";
export const runSeqHeaders = (seq: number | null): Record<string, string> => (seq === null ? {} : { [RUN_SEQ_HEADER]: String(seq) });
