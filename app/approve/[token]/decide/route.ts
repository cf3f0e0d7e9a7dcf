// POST /approve/:token/decide: the only way an approval link decides (opening the page never
// does: mail scanners open links). Public by design: the token is the credential, and the
// request must come from this app's own page (Origin names the Host), else 403.
import { getDb } from "@/lib/db/client";
import { submitWithToken } from "@/lib/approvals/decide";
import { valuesFromFormData } from "@/lib/approvals/form";
import { NOINDEX_HEADERS } from "@/lib/approvals/share";

type Context = { params: Promise<{ token: string }> };

export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: Context) {
  const { token } = await params;
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return Response.json({ error: "Send the form's fields as form data" }, { status: 400, headers: NOINDEX_HEADERS });
  }
  const raw = form.get("decision");
  const decision = raw === "approved" || raw === "rejected" ? raw : "submit";
  const { db } = await getDb();
  const result = await submitWithToken(db, {
    token,
    decision,
    values: valuesFromFormData(form),
    origin: request.headers.get("origin"),
    host: request.headers.get("x-forwarded-host") ?? request.headers.get("host"),
  });
  if (!result.ok && result.reason === "cross-origin") return Response.json({ error: "Refused: this form can only be sent from its own page" }, { status: 403, headers: NOINDEX_HEADERS });
  return Response.json(result, { status: result.ok ? 200 : result.reason === "invalid-input" ? 422 : result.reason === "busy" ? 503 : 409, headers: NOINDEX_HEADERS });
}
