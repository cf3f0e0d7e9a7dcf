/**
 * What each workspace role may do (issue 16). Roles are ordered: each can do what the ones below
 * it can. A capability names the lowest role that has it.
 *   viewer: sees workflows, runs, secret names · runner: also runs, cancels, approves
 *   editor: also edits workflows · admin: also secrets, keys, members, the audit log
 *   owner: also owners and the workspace itself
 */
import { WORKSPACE_ROLES, type WorkspaceRole } from "./role-names";

export { WORKSPACE_ROLES, type WorkspaceRole };

const RANK: Record<WorkspaceRole, number> = { viewer: 0, runner: 1, editor: 2, admin: 3, owner: 4 };

export const CAPABILITIES = { view: "viewer", run: "runner", edit: "editor", admin: "admin", own: "owner" } as const satisfies Record<string, WorkspaceRole>;
export type Capability = keyof typeof CAPABILITIES;

export const can = (role: WorkspaceRole, capability: Capability): boolean => RANK[role] >= RANK[CAPABILITIES[capability]];

/** `role` is not above `ceiling` (nobody hands out more than they have). */
export const notAbove = (role: WorkspaceRole, ceiling: WorkspaceRole): boolean => RANK[role] <= RANK[ceiling];

/** The roles that have a capability, for SQL (`role in (…)`). */
export const rolesThatCan = (capability: Capability): WorkspaceRole[] => WORKSPACE_ROLES.filter((role) => can(role, capability));

export const ROLE_LABELS: Record<WorkspaceRole, string> = { owner: "Owner", admin: "Admin", editor: "Editor", runner: "Runner", viewer: "Viewer" };
