import type { Metadata } from "next";
import { CreateWorkspaceForm } from "@/components/workspaces/member-forms";
import { createWorkspaceAction } from "../actions";

export const metadata: Metadata = { title: "New workspace" };

export default function NewWorkspacePage() {
  return (
    <div className="mx-auto max-w-xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">New team workspace</h1>
        <p className="mt-1 text-sm text-zinc-600">
          A workspace holds workflows, runs, secrets and API keys that a team shares. You become its owner; invite people next, each with a role: admin, editor, runner (runs and approves) or viewer.
        </p>
      </div>
      <div className="rounded-2xl border border-zinc-200 bg-white p-5 shadow-xs">
        <CreateWorkspaceForm action={createWorkspaceAction} />
      </div>
    </div>
  );
}
