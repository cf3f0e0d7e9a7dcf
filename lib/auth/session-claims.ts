// The session-version claim of a token, without the database (auth.config.ts is loaded by the proxy).

/** The version a decoded token or session claims; tokens issued before versions existed claim 0. */
export function claimedSessionVersion(value: unknown): number {
  return typeof value === "number" && Number.isInteger(value) ? value : 0;
}

/** True when a token's claimed version is the user's current one (null: the user is gone). */
export function isCurrentSession(claimed: unknown, current: number | null): boolean {
  return current !== null && claimedSessionVersion(claimed) === current;
}
