import { getDb } from "@/lib/db/client";
import { triggerEnabled } from "@/lib/runs/trigger/start";

export const dynamic = "force-dynamic";

export async function GET() {
  // The same test the run service uses to send new runs to Trigger.dev.
  const runtime = triggerEnabled() ? "trigger.dev" : "embedded";
  try {
    const { kind } = await getDb();
    return Response.json({ ok: true, db: kind, runtime });
  } catch (error) {
    // E.g. the embedded database is held by another process, or PostgreSQL is down.
    const reason = error instanceof Error ? error.message : "the database could not be opened";
    return Response.json({ ok: false, error: reason, runtime }, { status: 503 });
  }
}
