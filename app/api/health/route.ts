import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";

export async function GET() {
  const { kind } = await getDb();
  const runtime = process.env.TRIGGER_SECRET_KEY ? "trigger.dev" : "embedded";
  return Response.json({ ok: true, db: kind, runtime });
}
