"use client";
/** The top bar's sections; the one the page belongs to is highlighted (aria-current from the pathname). */
import Link from "next/link";
import { usePathname } from "next/navigation";

const SECTIONS = [
  { href: "/workflows", label: "Workflows", also: [] },
  { href: "/runs", label: "Runs", also: [] },
  { href: "/settings", label: "Settings", also: [] },
  { href: "/outbox", label: "Outbox", also: [] },
] as const;

const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

export function MainNav() {
  const path = usePathname() ?? "";
  return (
    <nav aria-label="Main" className="flex min-w-0 items-center gap-0.5 overflow-x-auto">
      {SECTIONS.map((s) => {
        const current = under(path, s.href) || s.also.some((p) => under(path, p));
        return (
          <Link
            key={s.href}
            href={s.href}
            aria-current={current ? "page" : undefined}
            className={`shrink-0 rounded-md px-2 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-indigo-600 sm:px-2.5 ${
              current
                ? "bg-zinc-100 text-zinc-900 hover:bg-zinc-200/70"
                : "text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900"
            }`}
          >
            {s.label}
          </Link>
        );
      })}
    </nav>
  );
}
