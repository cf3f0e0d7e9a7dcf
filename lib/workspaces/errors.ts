/**
 * Why a workspace operation was refused. `not_found` covers a workspace, member or invitation the
 * caller may not see, so strangers learn nothing (the same 404 rule as workflows).
 */
export type WorkspaceErrorCode = "not_found" | "forbidden" | "last_owner" | "personal" | "invalid" | "closed";

export class WorkspaceError extends Error {
  constructor(
    readonly code: WorkspaceErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "WorkspaceError";
  }
}

export const workspaceNotFound = () => new WorkspaceError("not_found", "No such workspace");
