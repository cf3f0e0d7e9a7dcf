import type { ReactNode } from "react";
import { TopBar } from "@/components/app/top-bar";
import { inboxOf } from "@/lib/approvals/inbox";
import { getDb } from "@/lib/db/client";
import { currentWorkspace } from "@/lib/workspaces/current";

// The proxy already sent signed-out visitors away; this check (currentWorkspace → requireUser) is the one that counts.
export default async function AppLayout({ children }: { children: ReactNode }) {
  const { user, workspace, workspaces } = await currentWorkspace();
  const { db } = await getDb();
  const inbox = (await inboxOf(db, user)).length;
  const brief = (w: typeof workspace) => ({ slug: w.slug, name: w.name, personal: w.personal, role: w.role });
  return (
    <div className="flex min-h-dvh flex-col">
      <TopBar email={user.email ?? user.name ?? "Signed in"} workspace={brief(workspace)} workspaces={workspaces.map(brief)} inbox={inbox} />
      <main className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 sm:px-6 sm:py-10">{children}</main>
    </div>
  );
}
