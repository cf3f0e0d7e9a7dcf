// The role dimension for server actions (issue 16): every exported server action is in ACTIONS
// with the capability it needs and the call it makes for the signed-in member (the service
// function, or the adapter's own check where the action does it itself), run for every workspace
// role in a team workspace and for a stranger. A member whose role has the capability gets through;
// one without it and a stranger are refused. A new action without a row fails the first test.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { eq } from "drizzle-orm";
import { waitpoints, workflows, workspaceMembers } from "../../lib/db/schema";
import type { Db } from "../../lib/db/types";
import { createApiKey } from "../../lib/auth/api-keys";
import { memberDecide } from "../../lib/approvals/owner";
import { childWaits } from "../../lib/approvals/child-waits";
import { enableSharing, setShareEmbeddable } from "../../lib/approvals/share";
import { setMcpTool } from "../../lib/mcp/tools";
import { RunServiceError } from "../../lib/runs/errors";
import { settleActive } from "../../lib/runs/active";
import { rerunById, runFromNode } from "../../lib/runs/rerun";
import { resumeRun, runFor, startWorkflowRun, workflowFor } from "../../lib/runs/service";
import { testNode } from "../../lib/runs/test-node";
import { startListening } from "../../lib/runs/webhook-listen";
import { ensureWebhookSecret, regenerateWebhookSecret } from "../../lib/runs/webhooks";
import { setPinnedOutput } from "../../lib/workflows/pins";
import { createWorkflow, createWorkflowWithDefinition, deleteWorkflow, duplicateWorkflow, renameWorkflow } from "../../lib/workflows/queries";
import { saveWorkflowDefinition } from "../../lib/workflows/save-definition";
import { getWorkflowVersion, listWorkflowVersions, saveWorkflowVersion } from "../../lib/workflows/version-history";
import { requireCapability, type Actor } from "../../lib/workspaces/access";
import { WorkspaceError } from "../../lib/workspaces/errors";
import { inviteToWorkspace, revokeInvitation } from "../../lib/workspaces/invitations";
import { changeRole, createTeamWorkspace, removeMember } from "../../lib/workspaces/members";
import { can, type Capability, type WorkspaceRole } from "../../lib/workspaces/roles";
import { createUser, edge, node, workflow } from "../runs/helpers";
import { describeEachAppDb } from "./support";
import type { WorkflowDefinition } from "../../lib/workflows/definition-types";

const root = join(import.meta.dirname, "../..");
const ROLES: WorkspaceRole[] = ["owner", "admin", "editor", "runner", "viewer"];
const approval = workflow("pay", [node("t", "trigger"), node("ok", "approval", { message: "Pay?" }), node("o", "output", { name: "done", value: "{{ok.decision}}" })], [edge("t", "ok"), edge("ok", "o", "approved")]);

/** What one check works on: a team workflow and a run of it waiting for an approval, made fresh. */
type Fixture = { db: Db; workspaceId: string; owner: string; member: string; workflowId: string; runId: string; waitpointId: string; versionId: string };
type Check = (f: Fixture, actor: Actor) => Promise<unknown>;

/** Capability needed, or why the action has no workspace role rule (then `check` is absent). */
type Rule = { capability: Capability; check: Check; via?: string } | { none: string };

/** A refusal is not_found / forbidden (thrown), or a null / false / ok:false answer. */
async function allowed(check: Check, f: Fixture, actor: Actor): Promise<boolean> {
  try {
    const result = await check(f, actor);
    if (result === null || result === false) return false;
    if (result && typeof result === "object" && "ok" in result && result.ok === false) return (result as { reason?: string }).reason === "conflict";
    return true;
  } catch (error) {
    if (error instanceof RunServiceError && (error.code === "not_found" || error.code === "forbidden")) return false;
    if (error instanceof WorkspaceError && (error.code === "not_found" || error.code === "forbidden")) return false;
    return true; // past the role check: refused for another reason (a conflict, invalid input)
  }
}

const adapter = (capability: Capability): Rule => ({ capability, via: "actionWorkspace()", check: (f, a) => requireCapability(f.db, a, f.workspaceId, capability) });
const definitionOf = (name: string): WorkflowDefinition => ({ version: 1, name, nodes: [{ id: "t", type: "trigger", name: "Start", config: {} }], edges: [] }) as WorkflowDefinition;

const ACTIONS: Record<string, Record<string, Rule>> = {
  "app/(app)/settings/actions.ts": {
    createApiKeyAction: { capability: "admin", check: (f, a) => createApiKey(f.db, a, f.workspaceId, "k", "viewer") },
    revokeApiKeyAction: adapter("admin"),
    setSecretAction: adapter("admin"),
    deleteSecretAction: adapter("admin"),
    setMcpToolAction: { capability: "edit", check: (f, a) => setMcpTool(f.db, a, f.workflowId, { enabled: true, description: null }) },
  },
  "app/(app)/settings/account/actions.ts": { changePasswordAction: { none: "the signed-in user's own password (test/auth/sessions.test.ts)" } },
  "lib/runs/actions.ts": {
    startRunAction: { capability: "run", check: (f, a) => startWorkflowRun(f.db, a, f.workflowId, {}, "manual") },
    runFromNodeAction: { capability: "run", check: (f, a) => runFromNode(f.db, a, f.workflowId, "o", { runId: f.runId }) },
    testNodeAction: { capability: "edit", check: (f, a) => testNode(f.db, a, f.workflowId, "o") },
    webhookUrlAction: { capability: "edit", check: (f, a) => ensureWebhookSecret(f.db, a, f.workflowId) },
  },
  "app/(app)/workflows/actions.ts": {
    createWorkflowAction: { capability: "edit", check: (f, a) => createWorkflow(a, f.workspaceId, "New", f.db) },
    renameWorkflowAction: { capability: "edit", check: (f, a) => renameWorkflow(a, f.workflowId, "Renamed", f.db) },
    deleteWorkflowAction: { capability: "edit", check: (f, a) => deleteWorkflow(a, f.workflowId, f.db) },
  },
  "app/(app)/workflows/(list)/actions.ts": {
    createFromTemplateAction: { capability: "edit", check: (f, a) => createWorkflowWithDefinition(a, f.workspaceId, "From a template", {}, f.db) },
    importWorkflowAction: { capability: "edit", check: (f, a) => createWorkflowWithDefinition(a, f.workspaceId, "Imported", {}, f.db) },
    duplicateWorkflowAction: { capability: "edit", check: (f, a) => duplicateWorkflow(a, f.workflowId, f.db) },
  },
  "app/(app)/workflows/[id]/editor-actions.ts": {
    validateDefinition: { none: "checks a definition it is given; reads and writes nothing" },
    saveDefinition: { capability: "edit", check: (f, a) => saveWorkflowDefinition(a, f.workflowId, definitionOf("Saved"), 0, f.db) },
  },
  "app/(app)/workflows/[id]/run-actions.ts": {
    listRunsAction: { capability: "view", via: "allowedIn(view) on runs", check: (f, a) => runFor(f.db, a, f.runId, "view") },
    nodeRunDetailAction: { capability: "view", via: "allowedIn(view) on runs", check: (f, a) => runFor(f.db, a, f.runId, "view") },
  },
  "app/(app)/workflows/[id]/version-actions.ts": {
    listVersionsAction: { capability: "view", check: (f, a) => listWorkflowVersions(a, f.workflowId, f.db) },
    versionDefinitionAction: { capability: "view", check: (f, a) => getWorkflowVersion(a, f.workflowId, f.versionId, f.db) },
    saveVersionAction: { capability: "edit", check: (f, a) => saveWorkflowVersion(a, f.workflowId, definitionOf("Checkpoint"), 0, f.db) },
  },
  "app/(app)/workflows/[id]/webhook-actions.ts": {
    webhookPanelAction: { capability: "edit", check: (f, a) => ensureWebhookSecret(f.db, a, f.workflowId) },
    regenerateWebhookAction: { capability: "edit", check: (f, a) => regenerateWebhookSecret(f.db, a, f.workflowId) },
    listenWebhookAction: { capability: "edit", check: (f, a) => startListening(f.db, a, f.workflowId) },
  },
  "app/(app)/workflows/[id]/mcp-actions.ts": { mcpToolsAction: { capability: "edit", via: "workflowFor(edit) in offeredTools", check: (f, a) => workflowFor(f.db, a, f.workflowId, "edit") } },
  "app/(app)/workflows/[id]/pin-actions.ts": { pinOutputAction: { capability: "edit", check: (f, a) => setPinnedOutput(f.db, a, f.workflowId, "t", { sample: 1 }) } },
  "app/(app)/runs/[id]/rerun-actions.ts": { rerunAction: { capability: "run", check: (f, a) => rerunById(f.db, a, f.runId) } },
  "app/(app)/runs/[id]/approval-actions.ts": {
    runShareStateAction: { capability: "view", check: (f, a) => childWaits(f.db, a, f.runId).then(() => runFor(f.db, a, f.runId, "view")) },
    decideApprovalAction: { capability: "run", check: (f, a) => memberDecide(f.db, { id: a.userId, email: null }, f.runId, f.waitpointId, "approved", resumeRun) },
    setSharingAction: { capability: "edit", check: (f, a) => enableSharing(f.db, a, f.runId) },
    setShareEmbeddingAction: { capability: "edit", check: async (f, a) => (await allowed((g, b) => enableSharing(g.db, b, g.runId), f, a)) && setShareEmbeddable(f.db, a, f.runId, true) },
  },
  "app/(app)/workspaces/actions.ts": {
    createWorkspaceAction: { none: "any signed-in person makes a workspace of their own" },
    acceptInvitationAction: { none: "the invitation's token is the credential (test/workspaces/members.test.ts)" },
    inviteAction: { capability: "admin", check: (f, a) => inviteToWorkspace(f.db, a.userId, f.workspaceId, { role: "viewer" }) },
    revokeInvitationAction: { capability: "admin", check: async (f, a) => revokeInvitation(f.db, a.userId, (await inviteToWorkspace(f.db, f.owner, f.workspaceId, { role: "viewer" })).invitation.id) },
    changeRoleAction: { capability: "admin", check: (f, a) => changeRole(f.db, a.userId, f.workspaceId, f.member, "viewer") },
    removeMemberAction: { capability: "admin", check: (f, a) => removeMember(f.db, a.userId, f.workspaceId, f.member) },
  },
};

function actionFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : actionFiles(path);
    if (!/\.tsx?$/.test(entry.name)) return [];
    return /^["']use server["']/m.test(readFileSync(path, "utf8")) ? [relative(root, path)] : [];
  });
}

test("every exported server action has a role rule", () => {
  const problems: string[] = [];
  for (const file of [...actionFiles(join(root, "app")), ...actionFiles(join(root, "lib"))]) {
    if (file === "app/(auth)/actions.ts") continue; // sign-in, sign-up, sign-out: for people without a session
    const exported = [...readFileSync(join(root, file), "utf8").matchAll(/export (?:async function|const) (\w+)/g)].map((m) => m[1]!);
    for (const name of exported) if (!ACTIONS[file]?.[name]) problems.push(`${file}: ${name}`);
  }
  assert.deepEqual(problems, [], "add these server actions to ACTIONS in test/api/action-roles.test.ts");
});

describeEachAppDb("server actions × roles", (db) => {
  test("each action lets a role with its capability through and refuses the others and a stranger", async () => {
    const owner = await createUser(db(), "owner");
    const team = await createTeamWorkspace(db(), owner, "Team");
    const members = { owner } as Record<WorkspaceRole, string>;
    for (const role of ROLES.filter((r) => r !== "owner")) {
      members[role] = await createUser(db(), role);
      await db().insert(workspaceMembers).values({ workspaceId: team.id, userId: members[role], role });
    }
    const stranger = await createUser(db(), "stranger");

    const fixture = async (): Promise<Fixture> => {
      const workflowId = crypto.randomUUID();
      await db().insert(workflows).values({ id: workflowId, ownerId: owner, workspaceId: team.id, name: approval.name, definition: approval });
      const started = await startWorkflowRun(db(), { userId: owner }, workflowId, {}, "manual");
      await started.done;
      const run = await runFor(db(), { userId: owner }, started.run.id);
      const [wp] = await db().select().from(waitpoints).where(eq(waitpoints.runId, run.id));
      // A member to change or remove: a fresh viewer, so earlier checks don't use them up.
      const member = await createUser(db(), "target");
      await db().insert(workspaceMembers).values({ workspaceId: team.id, userId: member, role: "viewer" });
      return { db: db(), workspaceId: team.id, owner, member, workflowId, runId: run.id, waitpointId: wp!.id, versionId: run.versionId };
    };

    const problems: string[] = [];
    for (const [file, actions] of Object.entries(ACTIONS)) {
      for (const [name, rule] of Object.entries(actions)) {
        if ("none" in rule) continue;
        for (const role of ROLES) {
          const expected = can(role, rule.capability);
          const got = await allowed(rule.check, await fixture(), { userId: members[role] });
          if (got !== expected) problems.push(`${file} ${name} as ${role}: ${got ? "let through" : "refused"}, expected ${expected ? "through" : "refused"}`);
        }
        if (await allowed(rule.check, await fixture(), { userId: stranger })) problems.push(`${file} ${name}: a stranger got through`);
      }
    }
    await settleActive();
    assert.deepEqual(problems, []);
  });
});
