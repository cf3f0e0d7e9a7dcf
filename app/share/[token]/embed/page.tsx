// /share/:token/embed: the share page for iframes on other sites. proxy.ts gives this path
// `frame-ancestors *` (the proxy has no database, so it decides by path); the page itself answers
// only when the run's owner allowed embedding, else 404 like an unknown link.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { sharedRun } from "@/lib/approvals/share";
import SharePage from "../page";

type Props = { params: Promise<{ token: string }> };

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Shared run", robots: { index: false, follow: false }, referrer: "no-referrer" };

export default async function EmbeddedSharePage({ params }: Props) {
  const { token } = await params;
  const { db } = await getDb();
  const run = await sharedRun(db, token);
  if (!run?.shareEmbeddable) notFound();
  return SharePage({ params });
}
