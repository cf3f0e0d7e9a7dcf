/**
 * The SQL host of `postgres` nodes (lib/engine/handlers/postgres.ts decides what may run and where;
 * this runs it with postgres.js). One connection per statement, closed after it: nodes reach
 * databases of their users, not ours, and hold nothing between runs.
 * - One statement: the extended protocol is forced (`simple: false`), and PostgreSQL itself refuses
 *   "select 1; delete …" there ("cannot insert multiple commands into a prepared statement").
 * - Read-only: `BEGIN READ ONLY`; a write fails with SQLSTATE 25006.
 * - Row limit: read through a cursor, so a SELECT of millions stops after rowLimit + 1 rows, or
 *   once the rows kept reach maxBytes of JSON (a few wide rows can be gigabytes).
 * - Pinned address: the socket goes to the address the SSRF guard checked, the host name stays the
 *   TLS server name.
 */
import net from "node:net";
import postgres from "postgres";
import { ErrorCode, estimateSize, NodeError, type SqlHost, type SqlQueryRequest, type SqlQueryResult } from "@/lib/engine";
import { POSTGRES_ERROR } from "@/lib/engine/handlers/postgres";

/** Rows fetched per cursor batch. */
const BATCH = 500;

type SslOption = false | "prefer" | { rejectUnauthorized: boolean; servername: string };

/** libpq's sslmode, as postgres.js takes it (absent: prefer, as libpq does). */
function sslOf(url: URL): SslOption {
  const mode = url.searchParams.get("sslmode") ?? url.searchParams.get("ssl");
  if (mode === "disable" || mode === "false") return false;
  if (mode === "verify-ca" || mode === "verify-full") return { rejectUnauthorized: true, servername: url.hostname };
  if (mode === "require" || mode === "true" || mode === "no-verify") return { rejectUnauthorized: false, servername: url.hostname };
  return "prefer";
}

function connectTo(address: string, port: number): () => Promise<net.Socket> {
  return () =>
    new Promise((resolve, reject) => {
      const socket = net.connect({ host: address, port });
      socket.once("connect", () => resolve(socket));
      socket.once("error", reject);
    });
}

/** Row values as JSON: Date → ISO text, Buffer → PostgreSQL's hex text, bigint → text. */
export function jsonValue(value: unknown): unknown {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
  if (value instanceof Uint8Array) return `\\x${Buffer.from(value).toString("hex")}`;
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(jsonValue);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonValue(v)]));
  return value;
}

/** The rows kept: at most `rowLimit`, and at most `maxBytes` of their JSON text (estimated). */
class RowBudget {
  readonly rows: Record<string, unknown>[] = [];
  truncated = false;
  private bytes = 0;
  constructor(
    private readonly rowLimit: number,
    private readonly maxBytes: number,
  ) {}

  /** Keeps the row if it fits; false (and truncated) once one does not. */
  add(raw: unknown): boolean {
    const row = this.rows.length < this.rowLimit ? (jsonValue(raw) as Record<string, unknown>) : undefined;
    // The engine's own estimate of JSON length (no serializing each row just to weigh it).
    const size = row ? estimateSize(row, this.maxBytes) : 0;
    if (!row || this.bytes + size > this.maxBytes) {
      this.truncated = true;
      return false;
    }
    this.bytes += size;
    this.rows.push(row);
    return true;
  }
}

const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "ETIMEDOUT", "EPIPE", "CONNECT_TIMEOUT", "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED"]);

/** postgres.js and socket errors as the node's: SQLSTATE and PostgreSQL's own words kept. */
export function sqlFailure(error: unknown, request: SqlQueryRequest): NodeError {
  if (error instanceof NodeError) return error;
  const e = error as { code?: string; message?: string; position?: string; detail?: string; hint?: string };
  const code = e.code ?? "";
  const message = e.message ?? String(error);
  if (request.signal.aborted) return new NodeError("the statement was stopped (the node's timeout or the run's cancellation)", ErrorCode.TIMEOUT, { cause: error });
  if (NETWORK_CODES.has(code) || code.startsWith("08")) return new NodeError(`could not reach the database at ${request.url.hostname}:${request.url.port || 5432}: ${message}`, ErrorCode.NETWORK, { cause: error });
  if (code === "57014") return new NodeError(`the statement ran longer than ${request.timeoutMs} ms`, ErrorCode.TIMEOUT, { cause: error, retryable: false });
  if (code === "25006") return new NodeError(`${code}: ${message}: the node is read-only; turn on allowWrites to change data`, POSTGRES_ERROR, { cause: error, retryable: false });
  const where = e.position ? ` (at character ${e.position})` : "";
  const more = [e.detail, e.hint].filter(Boolean).join("; ");
  // Serialization failures and deadlocks succeed when tried again; anything else would fail the same.
  const retryable = code === "40001" || code === "40P01" || code === "53300";
  return new NodeError(`${code ? `${code}: ` : ""}${message}${where}${more ? ` (${more})` : ""}`, POSTGRES_ERROR, { cause: error, retryable });
}

async function run(request: SqlQueryRequest): Promise<SqlQueryResult> {
  const { url } = request;
  const port = Number(url.port || 5432);
  const sql = postgres({
    host: url.hostname,
    port,
    database: decodeURIComponent(url.pathname.replace(/^\//, "")) || undefined,
    username: decodeURIComponent(url.username) || undefined,
    password: decodeURIComponent(url.password) || undefined,
    ssl: sslOf(url),
    ...(request.address ? { socket: connectTo(request.address, port) } : {}),
    max: 1,
    prepare: false,
    connect_timeout: Math.max(1, Math.ceil(Math.min(request.timeoutMs, 10_000) / 1000)),
    onnotice: () => {},
    connection: { application_name: "flowmaestro", statement_timeout: request.timeoutMs },
  });
  const stop = () => void sql.end({ timeout: 0 });
  request.signal.addEventListener("abort", stop, { once: true });
  try {
    return await sql.begin(request.readOnly ? "read only" : "read write", async (tx) => {
      const query = tx.unsafe(request.text, request.params as never[], { simple: false } as never);
      const kept = new RowBudget(request.rowLimit, request.maxBytes);
      if (request.readOnly) {
        reading: for await (const batch of query.cursor(Math.min(BATCH, request.rowLimit + 1))) {
          for (const row of batch) if (!kept.add(row)) break reading;
        }
        return { rows: kept.rows, rowCount: kept.rows.length, truncated: kept.truncated };
      }
      // A write's count and command tag come only from a whole result (a cursor has neither).
      const result = await query;
      for (const row of result) if (!kept.add(row)) break;
      return { rows: kept.rows, rowCount: result.count ?? result.length, truncated: kept.truncated };
    });
  } catch (error) {
    throw sqlFailure(error, request);
  } finally {
    request.signal.removeEventListener("abort", stop);
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

export const postgresSqlHost: SqlHost = { query: run };
