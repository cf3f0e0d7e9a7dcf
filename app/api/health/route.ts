import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";

export async function GET() {
  const runtime = process.env.TRIGGER_SECRET_KEY ? "trigger.dev" : "embedded";
  try {
    const { kind } = await getDb();
    return Response.json({ ok: true, db: kind, runtime });
  } catch (error) {
    // E.g. the embedded database is held by another process, or PostgreSQL is down.
    const reason = error instanceof Error ? error.message : "the database could not be opened";
    return Response.json({ ok: false, error: reason, runtime }, { status: 503 });
  }
}
