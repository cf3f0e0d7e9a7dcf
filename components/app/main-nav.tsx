"use client";
/** The top bar's sections; the one the page belongs to is highlighted (aria-current from the pathname). */
import Link from "next/link";
import { usePathname } from "next/navigation";

const SECTIONS = [
  { href: "/workflows", label: "Workflows" },
  { href: "/runs", label: "Runs" },
  { href: "/inbox", label: "Inbox" },
  { href: "/settings", label: "Settings" },
  { href: "/outbox", label: "Outbox" },
] as const;

const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);
/** The page's path without its /w/<slug> prefix. */
const pagePath = (path: string) => path.replace(/^\/w\/[^/]+(?=\/|$)/, "") || "/workflows";

/** `base`: the workspace's URL prefix (/w/<slug>); `inbox`: approvals waiting for the user (a badge). */
export function MainNav({ base, inbox }: { base: string; inbox: number }) {
  const path = pagePath(usePathname() ?? "");
  return (
    <nav aria-label="Main" className="flex min-w-0 items-center gap-0.5 overflow-x-auto">
      {SECTIONS.map((s) => {
        const current = under(path, s.href);
        return (
          <Link
            key={s.href}
            href={`${base}${s.href}`}
            aria-current={current ? "page" : undefined}
            className={`shrink-0 rounded-md px-2 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-indigo-600 sm:px-2.5 ${
              current
                ? "bg-zinc-100 text-zinc-900 hover:bg-zinc-200/70"
                : "text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900"
            }`}
          >
            {s.label}
            {s.href === "/inbox" && inbox > 0 && (
              <span data-testid="inbox-badge" aria-label={`${inbox} waiting`} className="ml-1.5 inline-flex min-w-5 items-center justify-center rounded-full bg-indigo-600 px-1.5 text-[11px] font-semibold text-white">
                {inbox}
              </span>
            )}
          </Link>
        );
      })}
    </nav>
  );
}
