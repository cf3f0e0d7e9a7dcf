import type { Metadata } from "next";
import { Users } from "lucide-react";
import { AcceptInvitationForm } from "@/components/workspaces/member-forms";
import { getDb } from "@/lib/db/client";
import { invitationPreview } from "@/lib/workspaces/invitations";
import { currentWorkspace } from "@/lib/workspaces/current";
import { ROLE_LABELS } from "@/lib/workspaces/roles";
import { acceptInvitationAction } from "../../workspaces/actions";

export const metadata: Metadata = { title: "Invitation", referrer: "no-referrer" };

type Props = { params: Promise<{ token: string }> };

/** An invitation link (signed in: the proxy sends others to sign in or up and back here). */
export default async function InvitationPage({ params }: Props) {
  const { token } = await params;
  const { user } = await currentWorkspace();
  const { db } = await getDb();
  const preview = await invitationPreview(db, token);
  return (
    <div className="mx-auto max-w-lg">
      <div className="rounded-2xl border border-zinc-200 bg-white p-6 shadow-xs">
        <span aria-hidden className="flex size-10 items-center justify-center rounded-xl bg-indigo-50 text-indigo-600 ring-1 ring-indigo-100">
          <Users className="size-5" />
        </span>
        {preview.state === "closed" ? (
          <>
            <h1 className="mt-4 text-xl font-semibold text-zinc-900">This invitation can&apos;t be used</h1>
            <p className="mt-2 text-sm text-zinc-600">It was used, withdrawn or has expired. Ask the person who invited you for a new one.</p>
          </>
        ) : (
          <>
            <h1 className="mt-4 text-xl font-semibold text-zinc-900" data-testid="invitation-heading">
              Join {preview.workspace.name}
            </h1>
            <p className="mt-2 text-sm text-zinc-600">
              {preview.invitedBy ?? "A member"} invites you as <strong className="font-medium text-zinc-900">{ROLE_LABELS[preview.role]}</strong>. You are signed in as {user.email}.
              {preview.email && preview.email !== user.email?.toLowerCase() ? ` This invitation is for ${preview.email}: sign in with that account to accept it.` : ""}
            </p>
            <div className="mt-5">
              <AcceptInvitationForm action={acceptInvitationAction} token={token} />
            </div>
          </>
        )}
      </div>
    </div>
  );
}
