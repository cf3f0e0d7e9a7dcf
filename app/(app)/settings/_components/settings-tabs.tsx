"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

type Tab = { path: string; label: string; adminOnly?: boolean; perUser?: boolean };

const TABS: Tab[] = [
  { path: "/settings/members", label: "Members" },
  { path: "/settings/api-keys", label: "API keys", adminOnly: true },
  { path: "/settings/secrets", label: "Secrets" },
  { path: "/settings/mcp", label: "MCP" },
  { path: "/settings/audit", label: "Audit log", adminOnly: true },
  { path: "/settings/account", label: "Account", perUser: true },
];

/** `base`: the workspace's URL prefix (/w/<slug>); `admin`: the member may open the admin-only tabs. */
export function SettingsTabs({ base, admin }: { base: string; admin: boolean }) {
  const pathname = (usePathname() ?? "").replace(/^\/w\/[^/]+(?=\/)/, "");
  return (
    <nav aria-label="Settings" className="flex gap-1 overflow-x-auto border-b border-zinc-200">
      {TABS.filter((tab) => admin || !tab.adminOnly).map((tab) => {
        const current = pathname === tab.path;
        return (
          <Link
            key={tab.path}
            href={tab.perUser ? tab.path : `${base}${tab.path}`}
            aria-current={current ? "page" : undefined}
            className={`-mb-px shrink-0 border-b-2 px-3 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-indigo-600 ${
              current ? "border-indigo-600 text-zinc-900" : "border-transparent text-zinc-600 hover:text-zinc-900"
            }`}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}
