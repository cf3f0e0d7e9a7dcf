import { getDb } from "@/lib/db/client";
import { describeError } from "@/lib/db/faults";
import { recentWriteHealth } from "@/lib/db/health";
import { triggerEnabled } from "@/lib/runs/trigger/start";

export const dynamic = "force-dynamic";

export async function GET() {
  // The same test the run service uses to send new runs to Trigger.dev.
  const runtime = triggerEnabled() ? "trigger.dev" : "embedded";
  let handle;
  try {
    handle = await getDb();
  } catch (error) {
    // E.g. the embedded database is held by another process, or PostgreSQL is down.
    return Response.json({ ok: false, error: describeError(error), runtime }, { status: 503 });
  }
  // Opening isn't enough: a full disk or a read-only database still answers reads.
  const writes = await recentWriteHealth(handle.db);
  if (!writes.ok) return Response.json({ ok: false, db: handle.kind, error: writes.cause, runtime }, { status: 503 });
  return Response.json({ ok: true, db: handle.kind, runtime });
}
