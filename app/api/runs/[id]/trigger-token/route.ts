// GET /api/runs/:id/trigger-token: a fresh public access token (read scope, that run only) for
// following a run on Trigger.dev with @trigger.dev/react-hooks. The owner only; anyone else, a
// run that did not run on Trigger.dev, or an app without TRIGGER_SECRET_KEY: 404. `apiUrl` is the
// self-hosted instance's API (TRIGGER_API_URL), null for the cloud.
import { asCaller } from "@/lib/http/caller";
import { looksLikeRunId } from "@/lib/runs/http";
import { runNotFound } from "@/lib/runs/errors";
import { runFor } from "@/lib/runs/service";
import { mintRunReadToken, PUBLIC_TOKEN_TTL, triggerApiUrl, triggerEnabled } from "@/lib/runs/trigger/start";

type Context = { params: Promise<{ id: string }> };

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: Context) {
  return asCaller(request, async (caller, db) => {
    const { id } = await params;
    if (!looksLikeRunId(id)) throw runNotFound();
    const run = await runFor(db, caller, id);
    if (!triggerEnabled() || run.runtime !== "trigger.dev" || !run.triggerRunId) throw runNotFound();
    const token = await mintRunReadToken(run.triggerRunId);
    return Response.json({ runId: id, triggerRunId: run.triggerRunId, publicAccessToken: token, apiUrl: triggerApiUrl(), expiresIn: PUBLIC_TOKEN_TTL }, { headers: { "cache-control": "no-store" } });
  });
}
