// Names the storage faults an operator must act on (disk full, a read-only or unreachable
// database) so logs and /api/health say so in words instead of a generic "query failed".
// Errors arrive wrapped (drizzle's DrizzleQueryError has the driver's error as `cause`).

export type StorageFaultKind = "disk_full" | "read_only" | "no_permission" | "out_of_memory" | "unavailable";

export type StorageFault = { kind: StorageFaultKind; description: string };

const LABELS: Record<StorageFaultKind, string> = {
  disk_full: "DISK FULL",
  read_only: "the database is read-only",
  no_permission: "the database refused permission",
  out_of_memory: "the database is out of memory",
  unavailable: "the database is unavailable",
};

/** PostgreSQL SQLSTATEs (also raised by PGlite) that mean storage trouble rather than a bad query. */
const SQLSTATES: Record<string, StorageFaultKind> = {
  "53100": "disk_full",
  "53200": "out_of_memory",
  "25006": "read_only",
  "42501": "no_permission",
  "57P01": "unavailable", // admin shutdown
  "57P02": "unavailable", // crash shutdown
  "57P03": "unavailable", // cannot connect now (starting up, recovering)
};

const NODE_CODES: Record<string, StorageFaultKind> = {
  ENOSPC: "disk_full",
  EDQUOT: "disk_full",
  EROFS: "read_only",
  ECONNREFUSED: "unavailable",
  ECONNRESET: "unavailable",
  // postgres.js's own connection errors
  CONNECTION_CLOSED: "unavailable",
  CONNECTION_ENDED: "unavailable",
  CONNECTION_DESTROYED: "unavailable",
  CONNECT_TIMEOUT: "unavailable",
};

function* chain(error: unknown): Generator<Record<string, unknown>> {
  const seen = new Set<unknown>();
  for (let e = error; e && typeof e === "object" && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    yield e as Record<string, unknown>;
  }
}

/** The storage fault behind `error` (at any depth of `cause`), or null for everything else. */
export function storageFault(error: unknown): StorageFault | null {
  const errors = [...chain(error)];
  // Codes first, anywhere in the chain: a wrapper's message may quote the failed SQL.
  for (const e of errors) {
    const code = typeof e.code === "string" ? e.code : "";
    const kind = SQLSTATES[code] ?? NODE_CODES[code];
    if (kind) return named(kind, SQLSTATES[code] ? `PostgreSQL ${code}` : code, e.message);
  }
  // Uncoded (e.g. the embedded database's file system): the innermost message that says so.
  const enospc = errors.reverse().find((e) => typeof e.message === "string" && /no space left on device/i.test(e.message));
  return enospc ? named("disk_full", "ENOSPC", enospc.message) : null;
}

function named(kind: StorageFaultKind, origin: string, message: unknown): StorageFault {
  const text = typeof message === "string" ? message.split("\n")[0].slice(0, 200) : "";
  return { kind, description: `${LABELS[kind]} (${origin}${text ? `: ${text}` : ""})` };
}

/** One line for a log: the named fault when there is one, else the error's own message. */
export function describeError(error: unknown): string {
  const fault = storageFault(error);
  if (fault) return fault.description;
  const first = [...chain(error)].pop();
  return typeof first?.message === "string" ? first.message : String(error);
}

/** Logs an unexpected error; storage faults get a named line of their own so they stand out. */
export function logUnexpected(context: string, error: unknown): void {
  const fault = storageFault(error);
  if (fault) console.error(`[${context}] ${fault.description}`);
  console.error(`[${context}] unexpected error`, error);
}
