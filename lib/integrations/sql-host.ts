/**
 * The SQL host every runtime hands to `postgres` nodes (HandlerOptions.sql): postgres.js is loaded
 * on a node's first statement, so neither the command line's start-up nor an app on PGlite pays
 * for a driver no node uses.
 */
import type { SqlHost } from "../engine";

export const sqlHost: SqlHost = { query: async (request) => (await import("./postgres")).postgresSqlHost.query(request) };
