import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { coreHandlers } from "@/lib/engine/handlers";
import { buildCatalog, type Catalog } from "@/lib/workflows/catalog";
import { savedDefinitionSchema } from "@/lib/workflows/definition-schema";
import type { WorkflowDefinition } from "@/lib/workflows/definition-types";
import { workflowIdField } from "@/lib/workflows/names";
import { getDb } from "@/lib/db/client";
import { pinnedOutputsOf } from "@/lib/workflows/pins";
import { getWorkflow } from "@/lib/workflows/queries";
import { layOut } from "@/lib/workflows/template-layout";
import { currentWorkspace } from "@/lib/workspaces/current";
import { can } from "@/lib/workspaces/roles";
import { saveDefinition, validateDefinition } from "./editor-actions";
import { EditorScreen } from "./editor-screen";
import { ReadOnlyScreen } from "./read-only-screen";
import { UnreadableDefinition } from "./unreadable-definition";

type Props = { params: Promise<{ id: string }> };

// A workflow outside the user's workspaces and a missing one look the same: 404.
const loadWorkflow = cache(async (id: string) => {
  const { user, workspaces } = await currentWorkspace();
  if (!workflowIdField.safeParse(id).success) return null;
  const workflow = await getWorkflow({ userId: user.id }, id);
  const home = workspaces.find((w) => w.id === workflow?.workspaceId);
  return workflow && home ? { ...workflow, role: home.role, workspaceSlug: home.slug, userId: user.id } : null;
});

let catalog: Catalog | undefined;

/** A definition written over REST may carry no positions: the read-only view lays it out like a template. */
const laidOut = (definition: WorkflowDefinition): WorkflowDefinition =>
  definition.nodes.some((n) => !n.position) ? layOut(structuredClone(definition)) : definition;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const workflow = await loadWorkflow((await params).id);
  return { title: workflow?.name ?? "Workflow not found" };
}

export default async function WorkflowPage({ params }: Props) {
  const workflow = await loadWorkflow((await params).id);
  if (!workflow) notFound();
  catalog ??= buildCatalog(coreHandlers);
  const parsed = savedDefinitionSchema.safeParse(workflow.definition);
  return (
    // The editor fills the viewport under the sticky top bar (56 px + its border).
    <div className="fixed inset-x-0 bottom-0 top-[57px] z-10 flex flex-col bg-zinc-50">
      <h1 className="sr-only">{workflow.name}</h1>
      {parsed.success && !can(workflow.role, "edit") ? (
        <ReadOnlyScreen workflowId={workflow.id} workspace={workflow.workspaceSlug} name={workflow.name} definition={laidOut(parsed.data as WorkflowDefinition)} catalog={catalog} role={workflow.role} canRun={can(workflow.role, "run")} />
      ) : parsed.success ? (
        <EditorScreen
          workflowId={workflow.id}
          workspace={workflow.workspaceSlug}
          name={workflow.name}
          definition={parsed.data as WorkflowDefinition}
          revision={workflow.revision}
          catalog={catalog}
          problems={await validateDefinition(parsed.data)}
          onSave={saveDefinition.bind(null, workflow.id)}
          onValidate={validateDefinition}
          pinnedOutputs={(await pinnedOutputsOf((await getDb()).db, { userId: workflow.userId }, workflow.id)) ?? {}}
        />
      ) : (
        <UnreadableDefinition definition={workflow.definition} />
      )}
    </div>
  );
}
