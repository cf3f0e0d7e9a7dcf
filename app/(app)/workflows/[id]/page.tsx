import { ChevronRight, MousePointerClick } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { requireUser } from "@/lib/auth/session";
import { workflowIdField } from "@/lib/workflows/names";
import { getWorkflow } from "@/lib/workflows/queries";
import { relativeTime } from "@/lib/workflows/relative-time";

type Props = { params: Promise<{ id: string }> };

// Someone else's workflow and a missing one look the same: 404.
const loadWorkflow = cache(async (id: string) => {
  const user = await requireUser();
  if (!workflowIdField.safeParse(id).success) return null;
  return getWorkflow(user.id, id);
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const workflow = await loadWorkflow((await params).id);
  return { title: workflow?.name ?? "Workflow not found" };
}

export default async function WorkflowPage({ params }: Props) {
  const workflow = await loadWorkflow((await params).id);
  if (!workflow) notFound();
  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="flex items-center gap-1.5 text-sm text-zinc-500">
        <Link href="/workflows" className="rounded hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-indigo-600">
          Workflows
        </Link>
        <ChevronRight aria-hidden className="size-4" />
        <span className="truncate text-zinc-900" aria-current="page">
          {workflow.name}
        </span>
      </nav>
      <div>
        <h1 className="truncate text-2xl font-semibold tracking-tight text-zinc-900">{workflow.name}</h1>
        <p className="mt-1 text-sm text-zinc-600">Last saved {relativeTime(workflow.updatedAt)}</p>
      </div>
      <div className="grid gap-6 lg:grid-cols-[1fr_380px]">
        <section
          aria-label="Canvas"
          className="flex min-h-96 flex-col items-center justify-center rounded-2xl border border-zinc-200 bg-white bg-[radial-gradient(circle_at_1px_1px,var(--color-zinc-200)_1px,transparent_0)] [background-size:20px_20px] p-8 text-center shadow-xs"
        >
          <span className="flex size-12 items-center justify-center rounded-xl bg-indigo-50 text-indigo-600 ring-1 ring-indigo-100">
            <MousePointerClick aria-hidden className="size-6" />
          </span>
          <h2 className="mt-4 text-base font-semibold text-zinc-900">The canvas editor is on its way</h2>
          <p className="mt-1 max-w-sm text-sm text-zinc-600">
            Soon you will drag nodes here and connect them. For now, this is the workflow&apos;s stored definition.
          </p>
        </section>
        <section aria-labelledby="definition-heading" className="rounded-2xl border border-zinc-200 bg-white shadow-xs">
          <h2 id="definition-heading" className="border-b border-zinc-100 px-5 py-3 text-sm font-semibold text-zinc-900">
            Definition
          </h2>
          <pre
            data-testid="workflow-definition"
            tabIndex={0}
            className="max-h-[32rem] overflow-auto px-5 py-4 font-mono text-xs leading-relaxed text-zinc-700 focus-visible:outline-2 focus-visible:outline-indigo-600"
          >
            {JSON.stringify(readableOrder(workflow.definition), null, 2)}
          </pre>
        </section>
      </div>
    </div>
  );
}

/** jsonb stores keys in its own order; show version and name first, as people write them. */
function readableOrder(definition: unknown): unknown {
  if (!definition || typeof definition !== "object" || Array.isArray(definition)) return definition;
  const { version, name, ...rest } = definition as Record<string, unknown>;
  return { version, name, ...rest };
}
