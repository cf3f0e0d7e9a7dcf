/** Previous / next links of the Runs page, keeping the filters. */
import Link from "next/link";
import { ChevronLeft, ChevronRight } from "lucide-react";
import { buttonClasses } from "@/components/ui/button";
import type { RunListQuery } from "@/lib/runs/store/run-list";

function hrefFor(query: RunListQuery, page: number): string {
  const params = new URLSearchParams();
  if (query.status) params.set("status", query.status);
  if (query.workflow) params.set("workflow", query.workflow);
  if (query.q) params.set("q", query.q);
  if (page > 1) params.set("page", String(page));
  const text = params.toString();
  return text ? `/runs?${text}` : "/runs";
}

export function RunPager({ page, pageCount, query }: { page: number; pageCount: number; query: RunListQuery }) {
  if (pageCount <= 1) return null;
  const disabled = "pointer-events-none opacity-40";
  return (
    <nav aria-label="Pages of runs" className="flex items-center justify-between">
      <Link href={hrefFor(query, page - 1)} aria-disabled={page <= 1} className={buttonClasses("secondary", "sm", page <= 1 ? disabled : "")}>
        <ChevronLeft aria-hidden className="size-4" />
        Newer
      </Link>
      <span className="text-sm text-zinc-600">
        Page {page} of {pageCount}
      </span>
      <Link href={hrefFor(query, page + 1)} aria-disabled={page >= pageCount} className={buttonClasses("secondary", "sm", page >= pageCount ? disabled : "")}>
        Older
        <ChevronRight aria-hidden className="size-4" />
      </Link>
    </nav>
  );
}
