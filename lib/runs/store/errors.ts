import { z } from "zod";

/** Bad input to the run store: names the field path and the reason. */
export class RunStoreInputError extends Error {
  override name = "RunStoreInputError";
  constructor(
    readonly what: string,
    readonly issues: { path: string; message: string }[],
  ) {
    super(`Invalid ${what}: ${issues.map((i) => `${i.path || "(root)"}: ${i.message}`).join("; ")}`);
  }
}

export class RunNotFoundError extends Error {
  override name = "RunNotFoundError";
  constructor(readonly runId: string) {
    super(`Run ${runId} does not exist.`);
  }
}

/** A write collided with a unique key (e.g. an event seq saved twice). */
export class RunStoreConflictError extends Error {
  override name = "RunStoreConflictError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new RunStoreInputError(
    what,
    parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })),
  );
}

/** PostgreSQL's unique_violation (23505), found on the error or its cause (drizzle wraps it). */
export function isUniqueViolation(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === "23505") return true;
  }
  return false;
}

/** PostgreSQL's foreign_key_violation (23503): a row for a run that does not exist. */
export function isForeignKeyViolation(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === "23503") return true;
  }
  return false;
}
