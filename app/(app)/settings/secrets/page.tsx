import type { Metadata } from "next";
import { workspacePage } from "@/lib/workspaces/current";
import { can } from "@/lib/workspaces/roles";
import { getDb } from "@/lib/db/client";
import { listSecrets, SAFE_SECRET_LENGTH } from "@/lib/secrets/store";
import { relativeTime } from "@/lib/workflows/relative-time";
import { deleteSecretAction, setSecretAction } from "../actions";
import { RowAction } from "../_components/row-action";
import { SecretForm } from "../_components/secret-form";

export const metadata: Metadata = { title: "Secrets" };

export default async function SecretsPage() {
  const { workspace } = await workspacePage("view");
  const admin = can(workspace.role, "admin");
  const { db } = await getDb();
  const secrets = await listSecrets(db, workspace.id);
  const now = new Date();
  return (
    <section aria-labelledby="secrets-heading" className="space-y-5">
      <div>
        <h2 id="secrets-heading" className="text-lg font-semibold text-zinc-900">
          Secrets
        </h2>
        <p className="mt-1 text-sm text-zinc-600">
          Encrypted at rest; workflows read them as <code className="font-mono">{"{{env.NAME}}"}</code> and run logs show them masked. Values are never shown again: save a name again to replace its value.{" "}
          {admin ? "Every workflow of this workspace can read them." : `Only admins of ${workspace.name} can set or delete them.`}
        </p>
      </div>
      {admin && <SecretForm action={setSecretAction} workspaceId={workspace.id} />}
      {secrets.length === 0 ? (
        <p className="rounded-2xl border border-dashed border-zinc-300 px-4 py-8 text-center text-sm text-zinc-500">No secrets yet.</p>
      ) : (
        <ul aria-label="Secrets" className="divide-y divide-zinc-100 overflow-hidden rounded-2xl border border-zinc-200 bg-white shadow-xs">
          {secrets.map((secret) => (
            <li key={secret.id} className="flex items-center gap-3 px-4 py-3">
              <div className="min-w-0 flex-1">
                <p className="truncate font-mono text-sm font-medium text-zinc-900">{secret.name}</p>
                <p className="text-xs text-zinc-500">updated {relativeTime(secret.updatedAt, now)}</p>
                {secret.unreadable ? (
                  <p className="mt-1 text-xs text-red-700 dark:text-red-400">
                    This server&apos;s key can&apos;t decrypt it (FLOWMAESTRO_SECRET_KEY changed since it was saved): runs see it as missing. Save it again.
                  </p>
                ) : null}
                {secret.tooShortToMask ? (
                  <p className="mt-1 text-xs text-amber-700 dark:text-amber-400">
                    Shorter than {SAFE_SECRET_LENGTH} characters: too short to mask safely in run logs and pages.
                  </p>
                ) : null}
              </div>
              {admin && <RowAction action={deleteSecretAction} workspaceId={workspace.id} id={secret.id} label="Delete" pendingLabel="Deleting…" confirm={`Delete ${secret.name}? Runs that read it will see it as missing.`} />}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
