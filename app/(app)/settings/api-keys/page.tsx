import type { Metadata } from "next";
import { listApiKeys } from "@/lib/auth/api-keys";
import { workspacePage } from "@/lib/workspaces/current";
import { ROLE_LABELS } from "@/lib/workspaces/roles";
import { getDb } from "@/lib/db/client";
import { relativeTime } from "@/lib/workflows/relative-time";
import { createApiKeyAction, revokeApiKeyAction } from "../actions";
import { CreateKeyForm } from "../_components/create-key-form";
import { RowAction } from "../_components/row-action";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const { workspace } = await workspacePage("admin");
  const { db } = await getDb();
  const keys = await listApiKeys(db, workspace.id);
  const now = new Date();
  return (
    <section aria-labelledby="api-keys-heading" className="space-y-5">
      <div>
        <h2 id="api-keys-heading" className="text-lg font-semibold text-zinc-900">
          API keys
        </h2>
        <p className="mt-1 text-sm text-zinc-600">
          Start runs and read results over REST (see the{" "}
          <a href="/docs/api" className="font-medium text-indigo-700 hover:underline">
            API reference
          </a>
          ). A key acts in {workspace.name} with the role you give it, never above yours; it is shown once, when you create it.
        </p>
      </div>
      <CreateKeyForm action={createApiKeyAction} myRole={workspace.role} workspaceId={workspace.id} />
      {keys.length === 0 ? (
        <p className="rounded-2xl border border-dashed border-zinc-300 px-4 py-8 text-center text-sm text-zinc-500">No API keys yet.</p>
      ) : (
        <ul aria-label="API keys" className="divide-y divide-zinc-100 overflow-hidden rounded-2xl border border-zinc-200 bg-white shadow-xs">
          {keys.map((key) => (
            <li key={key.id} className="flex flex-wrap items-center gap-3 px-4 py-3">
              <div className="min-w-0 flex-1">
                <p className="truncate text-sm font-medium text-zinc-900">{key.name}</p>
                <p className="text-xs text-zinc-500">
                  <code className="font-mono">{key.prefix}…</code> · <span data-testid="key-role">{ROLE_LABELS[key.role]}</span> · created {relativeTime(key.createdAt, now)}{key.createdBy ? ` by ${key.createdBy}` : ""} · {key.lastUsedAt ? `last used ${relativeTime(key.lastUsedAt, now)}` : "never used"}
                </p>
              </div>
              {key.revokedAt ? (
                <span className="rounded-full bg-zinc-100 px-2.5 py-1 text-xs font-medium text-zinc-600">Revoked</span>
              ) : (
                <RowAction action={revokeApiKeyAction} workspaceId={workspace.id} id={key.id} label="Revoke" pendingLabel="Revoking…" confirm={`Revoke “${key.name}”? Requests with it will get 401.`} />
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
