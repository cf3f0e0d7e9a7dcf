import type { Metadata } from "next";
import { getDb } from "@/lib/db/client";
import { RUN_STATUSES } from "@/lib/db/schema";
import { listRunsOfWorkspace, runListQuerySchema } from "@/lib/runs/store/run-list";
import { currentWorkspace } from "@/lib/workspaces/current";
import { listWorkflows } from "@/lib/workflows/queries";
import { RunFilters } from "@/components/run-list/run-filters";
import { RunPager } from "@/components/run-list/run-pager";
import { RunTable } from "@/components/run-list/run-table";

export const metadata: Metadata = { title: "Runs" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Every run of the workspace's workflows; another workspace's runs never match (workspace filter in the query). */
export default async function RunsPage({ searchParams }: Props) {
  const { user, workspace } = await currentWorkspace();
  const actor = { userId: user.id };
  const query = runListQuerySchema.parse(await searchParams);
  const { db } = await getDb();
  const [page, workflows] = await Promise.all([listRunsOfWorkspace(db, actor, workspace.id, query), listWorkflows(actor, workspace.id, db)]);
  const filtered = Boolean(query.status || query.workflow || query.q);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Runs</h1>
        <p className="mt-1 text-sm text-zinc-600" data-testid="run-total">
          {page.total === 0 ? (filtered ? "No runs match these filters." : "Runs of this workspace's workflows show here.") : `${page.total} run${page.total === 1 ? "" : "s"}${filtered ? " match" : ""}`}
        </p>
      </div>
      <RunFilters
        statuses={RUN_STATUSES}
        workflows={workflows.map((w) => ({ id: w.id, name: w.name }))}
        current={{ status: query.status ?? "", workflow: query.workflow ?? "", q: query.q ?? "" }}
      />
      <RunTable rows={page.rows} now={new Date()} filtered={filtered} />
      <RunPager page={page.page} pageCount={page.pageCount} query={query} />
    </div>
  );
}
