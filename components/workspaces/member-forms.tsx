"use client";
/** The members page's forms: invite, change a role, remove or leave, withdraw an invitation. */
import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import { Link2, UserPlus } from "lucide-react";
import type { ActionState } from "@/lib/auth/action";
import { inputClasses } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { ROLE_LABELS, type WorkspaceRole } from "@/lib/workspaces/roles";

type Action<S extends ActionState = ActionState> = (state: S, formData: FormData) => Promise<S>;

/** After a change went through, the page is read again through its /w/<slug> URL (the actions don't revalidate). */
function useRefreshOnSuccess(state: ActionState): void {
  const router = useRouter();
  useEffect(() => {
    if (state.ok) router.refresh();
  }, [state, router]);
}

function Outcome({ state }: { state: ActionState }) {
  if (state.error) return <span role="alert" className="text-sm text-red-600">{state.error}</span>;
  if (state.ok && state.message) return <span className="text-sm text-emerald-700">{state.message}</span>;
  return null;
}

/** Invite by email (mailed through the outbox or SMTP) or, with no email, as a single-use link. */
export function InviteForm({ action, workspaceId, roles }: { action: Action<ActionState & { link?: string }>; workspaceId: string; roles: WorkspaceRole[] }) {
  const [state, formAction] = useActionState(action, {});
  useRefreshOnSuccess(state);
  return (
    <div className="space-y-3 rounded-2xl border border-zinc-200 bg-white p-4 shadow-xs">
      <form action={formAction} noValidate aria-label="Invite someone" className="flex flex-col gap-2 sm:flex-row">
        <input type="hidden" name="workspaceId" value={workspaceId} />
        <label htmlFor="invite-email" className="sr-only">Email (optional)</label>
        <input id="invite-email" name="email" type="email" placeholder="Email, or leave empty for a link" autoComplete="off" defaultValue={state.error ? state.values?.email : ""} className={`${inputClasses} sm:flex-1`} />
        <label htmlFor="invite-role" className="sr-only">Role</label>
        <select id="invite-role" name="role" defaultValue={state.values?.role ?? "editor"} className={`${inputClasses} sm:w-36`}>
          {roles.map((role) => (
            <option key={role} value={role}>{ROLE_LABELS[role]}</option>
          ))}
        </select>
        <SubmitButton pendingLabel="Inviting…">
          <UserPlus aria-hidden className="size-4" />
          Invite
        </SubmitButton>
      </form>
      <p aria-live="polite" className="min-h-5"><Outcome state={state} /></p>
      {state.link ? (
        <div className="flex items-center gap-2 rounded-lg bg-zinc-50 px-3 py-2 ring-1 ring-zinc-200">
          <Link2 aria-hidden className="size-4 shrink-0 text-zinc-500" />
          <code data-testid="invite-link" className="min-w-0 flex-1 overflow-x-auto font-mono text-xs text-zinc-900 select-all">{state.link}</code>
        </div>
      ) : null}
    </div>
  );
}

/** A member's role, changed on submit. */
export function RoleForm({ action, workspaceId, userId, role, roles, label }: { action: Action; workspaceId: string; userId: string; role: WorkspaceRole; roles: WorkspaceRole[]; label: string }) {
  const [state, formAction] = useActionState(action, {});
  useRefreshOnSuccess(state);
  return (
    <form action={formAction} className="flex items-center gap-2" aria-label={`Role of ${label}`}>
      <input type="hidden" name="workspaceId" value={workspaceId} />
      <input type="hidden" name="userId" value={userId} />
      <select name="role" defaultValue={role} aria-label={`Role of ${label}`} className={`${inputClasses} w-32 py-1`} onChange={(event) => event.currentTarget.form?.requestSubmit()}>
        {roles.map((r) => (
          <option key={r} value={r}>{ROLE_LABELS[r]}</option>
        ))}
      </select>
      {state.error ? <span role="alert" className="max-w-56 text-xs text-red-600">{state.error}</span> : null}
    </form>
  );
}

/** Remove a member, leave (your own row), or withdraw an invitation: one confirmed button. */
export function MemberButton({ action, fields, label, pendingLabel, confirm }: { action: Action; fields: Record<string, string>; label: string; pendingLabel: string; confirm: string }) {
  const [state, formAction] = useActionState(action, {});
  useRefreshOnSuccess(state);
  return (
    <form action={formAction} onSubmit={(event) => { if (!window.confirm(confirm)) event.preventDefault(); }} className="flex items-center gap-2">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {state.error ? <span role="alert" className="max-w-56 text-xs text-red-600">{state.error}</span> : null}
      <SubmitButton variant="secondary" size="sm" pendingLabel={pendingLabel}>{label}</SubmitButton>
    </form>
  );
}

/** Name a team workspace; you become its owner. */
export function CreateWorkspaceForm({ action }: { action: Action }) {
  const [state, formAction] = useActionState(action, {});
  return (
    <form action={formAction} noValidate aria-label="Create workspace" className="space-y-2">
      <div className="flex flex-col gap-2 sm:flex-row">
        <label htmlFor="workspace-name" className="sr-only">Workspace name</label>
        <input id="workspace-name" name="name" placeholder="Team name (e.g. Finance ops)" autoComplete="off" autoFocus defaultValue={state.error ? state.values?.name : ""} className={`${inputClasses} sm:flex-1`} />
        <SubmitButton pendingLabel="Creating…">Create workspace</SubmitButton>
      </div>
      <p aria-live="polite" className="min-h-5"><Outcome state={state} /></p>
    </form>
  );
}

/** Accept an invitation (the signed-in account joins). */
export function AcceptInvitationForm({ action, token }: { action: Action; token: string }) {
  const [state, formAction] = useActionState(action, {});
  return (
    <form action={formAction} className="space-y-2">
      <input type="hidden" name="token" value={token} />
      <SubmitButton pendingLabel="Joining…">Accept and join</SubmitButton>
      <p aria-live="polite" className="min-h-5"><Outcome state={state} /></p>
    </form>
  );
}
