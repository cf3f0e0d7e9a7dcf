/** Handler switches the command line takes from the process environment (never workflow data). */
import type { HandlerOptions, SqlHost } from "../engine";
import { parsePriceOverrides } from "../engine/llm/prices";

// Loaded on a postgres node's first statement: the command line's start-up stays without the driver.
const sql: SqlHost = { query: async (request) => (await import("../integrations/postgres")).postgresSqlHost.query(request) };

export function handlerOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<HandlerOptions> {
  return { allowPrivateHttp: env.FLOWMAESTRO_ALLOW_PRIVATE_HTTP === "1", llmPrices: parsePriceOverrides(env.FLOWMAESTRO_LLM_PRICES), sql };
}
