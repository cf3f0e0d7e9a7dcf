// What the run service refuses, with the HTTP status a route answers.
import type { Problem } from "@/lib/engine";

export type RunServiceErrorCode = "not_found" | "forbidden" | "invalid" | "conflict";

const STATUS: Record<RunServiceErrorCode, number> = { not_found: 404, forbidden: 403, invalid: 400, conflict: 409 };

export class RunServiceError extends Error {
  override name = "RunServiceError";
  constructor(
    readonly code: RunServiceErrorCode,
    message: string,
    readonly problems: Problem[] = [],
  ) {
    super(message);
  }

  get status(): number {
    return STATUS[this.code];
  }

  toJSON() {
    return { error: this.message, ...(this.problems.length ? { issues: this.problems } : {}) };
  }
}

export const runNotFound = () => new RunServiceError("not_found", "No such run");
export const workflowNotFound = () => new RunServiceError("not_found", "No such workflow");
