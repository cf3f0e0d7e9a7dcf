// /approve/:token: an approval (or human input) link, for people without an account. Rendering
// only reads: deciding takes a POST from the form (./decide/route.ts).
import type { Metadata } from "next";
import { getDb } from "@/lib/db/client";
import { formFields } from "@/lib/approvals/form";
import { loadLink, viewOf } from "@/lib/approvals/view";
import { ApprovalCard } from "./approval-card";

type Props = { params: Promise<{ token: string }> };

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Approval", robots: { index: false, follow: false }, referrer: "no-referrer" };

export default async function ApprovePage({ params }: Props) {
  const { token } = await params;
  const { db } = await getDb();
  const view = viewOf(await loadLink(db, token));
  const fields = view.state === "open" ? formFields(view.schema) : [];
  return <ApprovalCard token={token} initial={view} fields={fields} />;
}
