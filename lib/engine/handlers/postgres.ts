/**
 * `postgres`: runs one parameterised SQL statement against a PostgreSQL database whose URL usually
 * comes from a secret ({{env.PG_URL}}). The SQL is never template-filled (values go in `params`,
 * as $1, $2…), it runs in a read-only transaction unless `allowWrites`, and returns at most
 * `rowLimit` rows and MAX_RESULT_BYTES of them as JSON (wide rows stop sooner than the row count). The http node's address rules apply: a private address (this server's own
 * database on 127.0.0.1 among them) is refused unless FLOWMAESTRO_ALLOW_PRIVATE_HTTP=1. The
 * engine has no driver: the host runs the statement (ctx.options.sql, lib/integrations/postgres.ts).
 */
import { z } from "zod";
import { durationSchema, parseDuration } from "../duration";
import { ErrorCode, NodeError } from "../errors";
import { guardHost, systemResolver, type Resolver } from "../net/ssrf";
import { defineHandler } from "./types";

export const POSTGRES_ERROR = "POSTGRES_ERROR";
export const DEFAULT_ROW_LIMIT = 1000;
export const MAX_ROW_LIMIT = 10_000;
/** The rows' JSON text kept, at most (the http node's default response limit): past it, truncated. */
export const MAX_RESULT_BYTES = 10 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 30_000;

const configSchema = z.object({
  connection: z.string().trim().min(1, "a postgres:// URL, usually a secret like {{env.PG_URL}}").describe("The database's URL, postgres://user:password@host:5432/db?sslmode=require; usually {{env.PG_URL}}"),
  query: z
    .string()
    .trim()
    .min(1, "the SQL statement to run")
    .refine((sql) => !sql.includes("{{"), "templates are not filled into SQL: write $1, $2… and put the values in params")
    // The wire protocol ends the text at a NUL: PostgreSQL would answer a protocol error, which reads as the network's.
    .refine((sql) => !sql.includes("\u0000"), "contains a NUL character, which SQL text can't")
    .describe("One SQL statement; values as $1, $2… from params, e.g. select * from orders where id = $1"),
  params: z.array(z.unknown()).optional().describe("The values of $1, $2…, in order; templates allowed, e.g. [\"{{inputs.orderId}}\"]"),
  allowWrites: z.boolean().optional().describe("Allow INSERT, UPDATE, DELETE and DDL; off (default): the statement runs in a read-only transaction"),
  rowLimit: z.number().int().min(1).max(MAX_ROW_LIMIT).optional().describe(`At most this many rows come back (default ${DEFAULT_ROW_LIMIT}); more set truncated: true`),
  timeoutMs: durationSchema.optional().describe('Time limit of the statement: milliseconds or a duration like "10s"; default 30s'),
});
export type PostgresConfig = z.infer<typeof configSchema>;

function databaseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new NodeError("connection is not a URL: use postgres://user:password@host:5432/database", ErrorCode.VALIDATION_ERROR, { retryable: false });
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    throw new NodeError(`connection must be a postgres:// URL, got "${url.protocol}"`, ErrorCode.VALIDATION_ERROR, { retryable: false });
  }
  if (!url.hostname) throw new NodeError("connection names no host", ErrorCode.VALIDATION_ERROR, { retryable: false });
  return url;
}

/** The handler with its DNS resolver injectable (tests); `postgresHandler` uses the system's. */
export function createPostgresHandler(deps: { resolver: Resolver } = { resolver: systemResolver }) {
  return defineHandler<PostgresConfig>({
    type: "postgres",
    label: "PostgreSQL query",
    keywords: ["sql", "database", "db", "select", "query", "postgresql"],
    description: "Run one parameterised SQL statement (read-only unless allowed)",
    category: "action",
    configSchema,
    rawFields: ["query"],
    handles: () => ["source"],
    async execute(config, ctx) {
      const host = ctx.options.sql;
      if (!host) throw new NodeError("this runtime can't reach databases (no SQL host was given)", ErrorCode.VALIDATION_ERROR, { retryable: false });
      const url = databaseUrl(config.connection);
      const guarded = ctx.options.allowPrivateHttp ? undefined : await guardHost(url.hostname, { allowPrivate: false, resolver: deps.resolver });
      const result = await host.query({
        url,
        address: guarded?.address,
        text: config.query,
        params: config.params ?? [],
        readOnly: config.allowWrites !== true,
        rowLimit: config.rowLimit ?? DEFAULT_ROW_LIMIT,
        maxBytes: MAX_RESULT_BYTES,
        timeoutMs: config.timeoutMs !== undefined ? parseDuration(config.timeoutMs)! : DEFAULT_TIMEOUT_MS,
        signal: ctx.signal,
      });
      return { kind: "done", output: result };
    },
  });
}

export const postgresHandler = createPostgresHandler();
