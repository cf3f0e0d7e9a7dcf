import type { ReactNode } from "react";
import { currentWorkspace } from "@/lib/workspaces/current";
import { can } from "@/lib/workspaces/roles";
import { SettingsTabs } from "./_components/settings-tabs";

export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const { workspace, href } = await currentWorkspace();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Settings</h1>
        <p className="mt-1 text-sm text-zinc-600">
          {workspace.personal ? "Your personal workspace" : workspace.name}: its members, keys for the REST API, the secrets its workflows read as {"{{env.NAME}}"}, workflows offered to AI agents over MCP, and the log of who changed or ran what. Your password is under Account.
        </p>
      </div>
      <SettingsTabs base={href("").replace(/\/$/, "")} admin={can(workspace.role, "admin")} />
      {children}
    </div>
  );
}
