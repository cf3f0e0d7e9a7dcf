/** The workspace roles, highest first (lib/workspaces/roles.ts says what each may do). No imports: the schema and client components share it. */
export const WORKSPACE_ROLES = ["owner", "admin", "editor", "runner", "viewer"] as const;
export type WorkspaceRole = (typeof WORKSPACE_ROLES)[number];
