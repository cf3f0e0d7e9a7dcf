import { FileQuestion } from "lucide-react";
import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";

export default function RunNotFound() {
  return (
    <div className="mx-auto max-w-md rounded-2xl border border-zinc-200 bg-white p-10 text-center shadow-xs">
      <FileQuestion aria-hidden className="mx-auto size-8 text-zinc-400" />
      <h1 className="mt-4 text-lg font-semibold text-zinc-900">Run not found</h1>
      <p className="mt-1 text-sm text-zinc-600">It may have been deleted with its workflow, or the link belongs to another account.</p>
      <Link href="/workflows" className={buttonClasses("secondary", "md", "mt-6")}>
        Back to workflows
      </Link>
    </div>
  );
}
