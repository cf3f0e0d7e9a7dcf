// POST /approve/:token/decide: the only way an approval link decides (opening the page never
// does: mail scanners open links). Public by design: the token is the credential, and the
// request must come from this app's own page (Origin names the Host, lib/http/origin), else 403.
import { clientHop } from "@/lib/auth/client-address";
import { getDb } from "@/lib/db/client";
import { submitWithToken } from "@/lib/approvals/decide";
import { valuesFromFormData } from "@/lib/approvals/form";
import { NOINDEX_HEADERS } from "@/lib/approvals/share";
import { readBodyBytes } from "@/lib/http/body";
import { jsonValueIssues } from "@/lib/http/json";
import { originMatchesHost, requestHost } from "@/lib/http/origin";
import { resumeRun } from "@/lib/runs/service";

type Context = { params: Promise<{ token: string }> };

export const dynamic = "force-dynamic";

/** A form of a few fields; the cap keeps the form parser from buffering an unbounded upload. */
const MAX_FORM_BYTES = 256_000;

export async function POST(request: Request, { params }: Context) {
  const { token } = await params;
  const origin = request.headers.get("origin");
  const host = requestHost(request);
  // Before reading anything: another site's form is refused unread.
  if (!originMatchesHost(origin, host)) return Response.json({ error: "Refused: this form can only be sent from its own page" }, { status: 403, headers: NOINDEX_HEADERS });
  const bytes = await readBodyBytes(request, MAX_FORM_BYTES);
  if (!bytes.ok) return bytes.response;
  let form: FormData;
  try {
    form = await new Response(bytes.data, { headers: { "content-type": request.headers.get("content-type") ?? "" } }).formData();
  } catch {
    return Response.json({ error: "Send the form's fields as form data" }, { status: 400, headers: NOINDEX_HEADERS });
  }
  const values = valuesFromFormData(form);
  const issues = jsonValueIssues(values);
  if (issues.length) return Response.json({ error: `${issues[0].path}: ${issues[0].message}`, issues }, { status: 400, headers: NOINDEX_HEADERS });
  const raw = form.get("decision");
  const decision = raw === "approved" || raw === "rejected" ? raw : "submit";
  const { db } = await getDb();
  // The approvals module answers the run through the run service the app hands it.
  const result = await submitWithToken(db, { token, decision, values, origin, host, address: clientHop(request.headers) }, resumeRun);
  if (!result.ok && result.reason === "cross-origin") return Response.json({ error: "Refused: this form can only be sent from its own page" }, { status: 403, headers: NOINDEX_HEADERS });
  return Response.json(result, { status: result.ok ? 200 : result.reason === "invalid-input" ? 422 : result.reason === "busy" ? 503 : 409, headers: NOINDEX_HEADERS });
}
