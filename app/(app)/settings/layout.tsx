import type { ReactNode } from "react";
import { SettingsTabs } from "./_components/settings-tabs";

export default function SettingsLayout({ children }: { children: ReactNode }) {
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Settings</h1>
        <p className="mt-1 text-sm text-zinc-600">Keys for the REST API, the secrets your workflows read as {"{{env.NAME}}"}, workflows offered to AI agents over MCP, your password, and the log of who changed or ran what.</p>
      </div>
      <SettingsTabs />
      {children}
    </div>
  );
}
